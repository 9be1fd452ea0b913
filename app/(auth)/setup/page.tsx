import { redirect } from "next/navigation";
import { isSetupPending } from "@/lib/console/admins/setup-token";
import { completeSetupAction } from "./actions";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (!(await isSetupPending())) redirect("/login");
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>Set up Outgate</h1>
        <p className="hint">
          Create the first admin. The one-time setup token was printed in the server log when Outgate started.
        </p>
        <SetupForm completeSetup={completeSetupAction} />
      </div>
    </main>
  );
}
