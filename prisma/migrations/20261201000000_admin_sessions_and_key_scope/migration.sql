-- Issue 12, kinds 4 and 8.

-- Every admin session (next-auth JWT) carries the version it was issued under; every request compares it with
-- this column (lib/http/get-admin-session.ts). Sign-out, a password change and removal bump or drop it, so the
-- session ends server-side at once, whatever copy of the cookie still exists.
ALTER TABLE "admins" ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 1;

-- An API key's scope is explicit: true = every hosted domain, false = only the domains in api_key_domains (none
-- left = it sends for nothing). Before, an empty list meant "all", so deleting a key's last domains widened it.
ALTER TABLE "api_keys" ADD COLUMN "all_domains" BOOLEAN NOT NULL DEFAULT false;

-- Existing keys keep what they could do: no listed domain meant every domain.
UPDATE "api_keys" AS k SET "all_domains" = true
 WHERE NOT EXISTS (SELECT 1 FROM "api_key_domains" AS kd WHERE kd."api_key_id" = k."id");
