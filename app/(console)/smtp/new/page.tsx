import { PageLayout } from "@/components/ui/page-layout";
import { listDomainNames } from "@/lib/console/domains/list-domain-names";
import { showDomainName } from "@/lib/console/domains/show-domain-name";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { createSmtpCredentialAction } from "../actions";
import { NewSmtpCredential } from "../new-smtp-credential";

export default async function NewSmtpCredentialPage() {
  await requireAdminPage();
  const domains = await listDomainNames();
  return (
    <PageLayout title="New SMTP credential" description="A username and a generated password for one SMTP client; the password is shown once, when it is created.">
      <NewSmtpCredential domains={domains.map((domain) => ({ ...domain, name: showDomainName(domain.name) }))} createAction={createSmtpCredentialAction} />
    </PageLayout>
  );
}
