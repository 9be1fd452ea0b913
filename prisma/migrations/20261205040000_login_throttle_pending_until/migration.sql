-- Attempts being checked are kept as their expiry times instead of a count: a reservation that is never settled (a
-- process killed mid-check, a statement that failed) no longer keeps a username "busy" until its window ends; it
-- expires after 30 s, far longer than any check takes (lib/console/throttle/failed-attempt-throttle.ts).
ALTER TABLE "login_throttles" DROP COLUMN "pending";
ALTER TABLE "login_throttles" ADD COLUMN "pending_until" TIMESTAMPTZ(3)[] DEFAULT ARRAY[]::TIMESTAMPTZ(3)[];
