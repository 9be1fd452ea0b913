import { redirect } from "next/navigation";
import { isSetupPending } from "@/lib/console/admins/setup-token";
import { getAdminSession } from "@/lib/http/get-admin-session";
import { FormMessage } from "@/components/ui/form-message";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; changed?: string }> }) {
  if (await isSetupPending()) redirect("/setup");
  if (await getAdminSession()) redirect("/gateways");
  const { callbackUrl, changed } = await searchParams;
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>Sign in to Outgate</h1>
        <FormMessage kind="success" message={changed === "password" ? "Your password was changed. Sign in with the new one." : null} />
        <LoginForm callbackUrl={safeCallbackUrl(callbackUrl)} />
      </div>
    </main>
  );
}

/** Only same-site paths: a login link must never bounce the admin to another host. */
function safeCallbackUrl(value: string | undefined): string {
  if (!value) return "/gateways";
  try {
    const url = new URL(value, "http://outgate.invalid");
    if (url.host !== "outgate.invalid" && !value.startsWith("http")) return "/gateways";
    const path = url.pathname + url.search;
    return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/login") ? path : "/gateways";
  } catch {
    return "/gateways";
  }
}
