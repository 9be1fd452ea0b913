import { NavLinks } from "@/components/console/nav-links";
import { SignOutButton } from "@/components/console/sign-out-button";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { NAV_ITEMS } from "./nav-items";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  // Layouts do not re-run on every client navigation, so each page checks the session itself as well.
  const admin = await requireAdminPage();
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">Outgate</div>
        <NavLinks items={NAV_ITEMS} />
        <div className="sidebar-footer">
          <div data-testid="signed-in-as">{admin.email}</div>
          <SignOutButton />
        </div>
      </aside>
      <main className="main">{children}</main>
    </div>
  );
}
