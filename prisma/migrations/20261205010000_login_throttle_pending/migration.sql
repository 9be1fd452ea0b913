-- Attempts being checked now are counted apart from failures, so only failures lock a username or an IP: a mail
-- server's parallel AUTHs with the right password used to count as possible failures and were refused (454 4.7.0)
-- past the ceiling (lib/console/throttle/failed-attempt-throttle.ts).
ALTER TABLE "login_throttles" ADD COLUMN "pending" INTEGER NOT NULL DEFAULT 0;
