import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { changePasswordAction } from "../actions";
import { ChangePasswordForm } from "./change-password-form";

export default async function ChangePasswordPage() {
  const me = await requireAdminPage();
  return (
    <PageLayout
      title="Change password"
      description={`For ${me.email}. Every session of yours ends with the change, this one too: you then sign in with the new password.`}
    >
      <ChangePasswordForm changeAction={changePasswordAction} />
    </PageLayout>
  );
}
