-- The sender's delivery status notification request (RFC 3461), kept with the message so the relay passes it on to a
-- gateway that offers DSN and Outgate's own DSNs follow it otherwise (lib/validation/dsn-request.ts). Values are
-- decoded (no xtext). NULL everywhere: nothing was asked (API messages, DSNs, mail from before this migration).

-- AlterTable: RET (FULL or HDRS) and ENVID, once per message (MAIL FROM).
ALTER TABLE "messages" ADD COLUMN "dsn_ret" TEXT,
ADD COLUMN "dsn_envid" TEXT;

-- AlterTable: NOTIFY (comma list, e.g. "SUCCESS,FAILURE", or "NEVER") and ORCPT ("rfc822;address"), per recipient.
ALTER TABLE "message_recipients" ADD COLUMN "dsn_notify" TEXT,
ADD COLUMN "dsn_orcpt" TEXT;
