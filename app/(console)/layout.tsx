import { ConsoleSidebar } from "@/components/console/console-sidebar";
import { SignOutButton } from "@/components/console/sign-out-button";
import { Toaster } from "@/components/ui/toaster";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { NAV_ITEMS } from "./nav-items";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  // Layouts do not re-run on every client navigation, so each page checks the session itself as well.
  const admin = await requireAdminPage();
  // The toaster stays outside the shell's grid: as a third grid item it opened a second row, and the sidebar (in the
  // first) stopped partway down the page.
  return (
    <>
      <div className="shell">
        <ConsoleSidebar
          items={NAV_ITEMS}
          footer={
            <>
              <div data-testid="signed-in-as">{admin.email}</div>
              <SignOutButton />
            </>
          }
        />
        <main className="main">{children}</main>
      </div>
      <Toaster />
    </>
  );
}
