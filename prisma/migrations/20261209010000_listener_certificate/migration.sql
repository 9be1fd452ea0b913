-- Which TLS certificate each SMTP listener process serves (the SMTP page): listeners started apart (`npm run smtp`
-- with other OUTGATE_SMTP_TLS_* files, or none) may serve another one than the page's own process loads, and an admin
-- comparing fingerprints with `openssl s_client` must see which. Null: the listener has no TLS port.
ALTER TABLE "smtp_listener_sessions"
  ADD COLUMN "certificate_subject" TEXT,
  ADD COLUMN "certificate_not_after" TIMESTAMPTZ(3),
  ADD COLUMN "certificate_sha256" TEXT;
