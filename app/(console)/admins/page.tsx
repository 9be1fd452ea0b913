import Link from "next/link";
import { listAdmins } from "@/lib/console/admins/list-admins";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { createAdminAction, deleteAdminAction } from "./actions";
import { AdminList } from "./admin-list";
import { NewAdminForm } from "./new-admin-form";

export default async function AdminsPage() {
  const me = await requireAdminPage();
  const admins = await listAdmins();
  return (
    <PageLayout
      title="Admins"
      description="The people who may sign in to this console. Each admin has full access."
      action={
        <Link className="btn" href="/admins/password">
          Change your password
        </Link>
      }
    >
      <AdminList admins={admins.map((a) => ({ id: a.id, email: a.email, createdAt: a.createdAt.toISOString() }))} myId={me.id} deleteAction={deleteAdminAction} />
      <h2>Add an admin</h2>
      <NewAdminForm createAction={createAdminAction} />
    </PageLayout>
  );
}
