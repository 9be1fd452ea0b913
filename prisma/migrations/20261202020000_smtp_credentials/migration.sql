-- Issue 16, items 2 and 4: SMTP credentials (username/password per client, hosted-domain allow-list like API keys,
-- allowed client networks, IP-only relay) and the listener's self-signed certificate.

-- CreateTable
CREATE TABLE "smtp_credentials" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "all_domains" BOOLEAN NOT NULL DEFAULT false,
    "allowed_networks" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "ip_relay" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "smtp_credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "smtp_credential_domains" (
    "smtp_credential_id" UUID NOT NULL,
    "domain_id" UUID NOT NULL,

    CONSTRAINT "smtp_credential_domains_pkey" PRIMARY KEY ("smtp_credential_id","domain_id")
);

-- The self-signed certificate the SMTP listener presents when no OUTGATE_SMTP_TLS_CERT/_KEY files are configured:
-- one row, kept in PostgreSQL so it survives restarts with DATABASE_URL too and every listener process of a
-- scale-out presents the same certificate. The private key is sealed with OUTGATE_SECRET_KEY (secret-box.ts).
-- CreateTable
CREATE TABLE "smtp_tls_certificates" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "cert_pem" TEXT NOT NULL,
    "key_sealed" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "smtp_tls_certificates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "smtp_credentials_username_key" ON "smtp_credentials"("username");

-- CreateIndex
CREATE INDEX "smtp_credential_domains_domain_id_idx" ON "smtp_credential_domains"("domain_id");

-- AddForeignKey
ALTER TABLE "smtp_credential_domains" ADD CONSTRAINT "smtp_credential_domains_smtp_credential_id_fkey" FOREIGN KEY ("smtp_credential_id") REFERENCES "smtp_credentials"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "smtp_credential_domains" ADD CONSTRAINT "smtp_credential_domains_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE CASCADE ON UPDATE CASCADE;
