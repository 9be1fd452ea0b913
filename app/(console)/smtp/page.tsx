import { NewAction, PageLayout } from "@/components/ui/page-layout";
import { showDomainName } from "@/lib/console/domains/show-domain-name";
import { listSmtpCredentials } from "@/lib/console/smtp-credentials/list-smtp-credentials";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { revokeSmtpCredentialAction } from "./actions";
import { ConnectionSettingsPanel } from "./connection-settings-panel";
import { SmtpCredentialsGrid } from "./smtp-credentials-grid";
import { TlsCertificatePanel } from "./tls-certificate-panel";
import type { SmtpCredentialRow } from "./types";

export default async function SmtpPage() {
  await requireAdminPage();
  const credentials = await listSmtpCredentials();
  const rows: SmtpCredentialRow[] = credentials.map((credential) => ({
    id: credential.id,
    name: credential.name,
    username: credential.username,
    allDomains: credential.allDomains,
    // IDNs in both forms: the browser has no punycode decoder.
    domains: credential.domains.map((domain) => showDomainName(domain.name)),
    allowedNetworks: credential.allowedNetworks,
    ipRelay: credential.ipRelay,
    createdAt: credential.createdAt.toISOString(),
    lastUsedAt: credential.lastUsedAt?.toISOString() ?? null,
    revokedAt: credential.revokedAt?.toISOString() ?? null,
  }));
  return (
    <PageLayout
      title="SMTP"
      description="Mail servers, applications and devices relay through Outgate over SMTP (STARTTLS, then AUTH) with one of these credentials."
      action={<NewAction href="/smtp/new" label="New credential" />}
    >
      <h2>Connection settings</h2>
      <ConnectionSettingsPanel />
      <h2>Credentials</h2>
      <SmtpCredentialsGrid credentials={rows} revokeAction={revokeSmtpCredentialAction} />
      <h2>TLS certificate</h2>
      <TlsCertificatePanel />
    </PageLayout>
  );
}
