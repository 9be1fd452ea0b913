import { expect, test, type Browser, type Page } from "@playwright/test";
import { createDomain, domainRow } from "./support/domain-helpers";
import { createGateway, gatewayOptionLabel, uniqueSuffix } from "./support/gateway-helpers";
import { ADMIN_STATE } from "./support/paths";

/**
 * Every console form carries its values in the server's HTML (issue 11's leftover, issue 14 item 7), so what an admin
 * sees and types before the page hydrates is the real form. Each test fetches the page with the session cookie
 * (page.request shares the browser's cookies) and reads that HTML in a browser with JavaScript off, so only the
 * server's markup counts.
 */
async function serverHtml(page: Page, browser: Browser, path: string): Promise<Page> {
  const answer = await page.request.get(path);
  expect(answer.status(), path).toBe(200);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const staticPage = await context.newPage();
  await staticPage.setContent(await answer.text());
  return staticPage;
}

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

test("the gateway edit form: every field's stored value is in the server HTML", async ({ page, browser }) => {
  const gateway = {
    description: `SSR gateway ${uniqueSuffix()}`,
    address: "ssr-relay.example.test",
    port: 2587,
    encryption: "SSL/TLS",
    type: "Specific Domains" as const,
    auth: { username: "ssr-user", password: "ssr secret password" },
    smartermail: { url: "https://ssr-mail.example.test", username: "ssr-admin", password: "ssr sm password" },
  };
  const id = await createGateway(page, gateway);
  const html = await serverHtml(page, browser, `/gateways/${id}`);
  await expect(field(html, "Server Address")).toHaveValue(gateway.address);
  await expect(field(html, "Port")).toHaveValue(String(gateway.port));
  await expect(field(html, "Encryption").locator("option:checked")).toHaveText(gateway.encryption);
  await expect(field(html, "Verify certificate")).toBeChecked();
  await expect(field(html, "Status")).toHaveValue("true");
  await expect(field(html, "Type").locator("option:checked")).toHaveText(gateway.type);
  await expect(field(html, "Enable Authentication")).toBeChecked();
  await expect(field(html, "Auth Username")).toHaveValue(gateway.auth.username);
  // A stored password never comes back to the browser.
  await expect(field(html, "Auth Password")).toHaveValue("");
  await expect(field(html, "Description")).toHaveValue(gateway.description);
  await expect(field(html, "Enable SmarterMail gateway mode")).toBeChecked();
  await expect(field(html, "SmarterMail URL")).toHaveValue(gateway.smartermail.url);
  await expect(field(html, "SmarterMail Username")).toHaveValue(gateway.smartermail.username);
  await html.context().close();
});

test("the new gateway form: its defaults are in the server HTML", async ({ page, browser }) => {
  const html = await serverHtml(page, browser, "/gateways/new");
  await expect(field(html, "Port")).toHaveValue("25");
  await expect(field(html, "Encryption")).toHaveValue("STARTTLS_OPPORTUNISTIC");
  await expect(field(html, "Verify certificate")).toBeChecked();
  await expect(field(html, "Status")).toHaveValue("true");
  await expect(field(html, "Type")).toHaveValue("ROUND_ROBIN");
  await expect(field(html, "Enable Authentication")).not.toBeChecked();
  await expect(field(html, "Server Address")).toHaveValue("");
  await html.context().close();
});

test("the gateway edit form keeps what was typed before it hydrated", async ({ page }) => {
  const gateway = { description: `Early typing ${uniqueSuffix()}`, address: "early.example.test", port: 2525 };
  const id = await createGateway(page, gateway);
  // Hold the page's scripts until the admin has typed, as on a slow connection.
  let release!: () => void;
  const scriptsMayLoad = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_next\/static\/.*\.js/, async (route) => {
    await scriptsMayLoad;
    await route.continue();
  });
  await page.goto(`/gateways/${id}`, { waitUntil: "domcontentloaded" });
  await expect(page.getByTestId("console-sidebar")).toHaveAttribute("data-hydrated", "false");
  await expect(field(page, "Description")).toHaveValue(gateway.description);
  const typed = `${gateway.description} (typed early)`;
  await field(page, "Description").fill(typed);
  await field(page, "Port").fill("2626");
  release();
  await expect(page.getByTestId("console-sidebar")).toHaveAttribute("data-hydrated", "true");
  await expect(field(page, "Description")).toHaveValue(typed);
  await expect(field(page, "Port")).toHaveValue("2626");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/gateways$/);
  await page.unroute(/\/_next\/static\/.*\.js/);
  await page.goto(`/gateways/${id}`);
  await expect(field(page, "Description")).toHaveValue(typed);
  await expect(field(page, "Port")).toHaveValue("2626");
});

test("the domain edit form: name, gateway and failover choice are in the server HTML", async ({ page, browser }) => {
  const gateway = { description: `SSR domain gateway ${uniqueSuffix()}`, address: "ssr-domain-relay.example.test", type: "Specific Domains" as const };
  await createGateway(page, gateway);
  const name = `ssr-${uniqueSuffix()}.example`;
  await createDomain(page, name, gatewayOptionLabel(gateway));
  const href = await domainRow(page, name).getByRole("link", { name: `Edit ${name}` }).getAttribute("href");
  const html = await serverHtml(page, browser, href!);
  await expect(field(html, "Domain Name")).toHaveValue(name);
  await expect(field(html, "Outbound Gateway").locator("option:checked")).toHaveText(gatewayOptionLabel(gateway));
  await expect(html.getByLabel("Fall over to round robin when this gateway fails")).toBeVisible();
  await html.context().close();
});

test("the new domain form: round robin is chosen in the server HTML", async ({ page, browser }) => {
  const html = await serverHtml(page, browser, "/domains/new");
  await expect(field(html, "Domain Name")).toHaveValue("");
  await expect(field(html, "Outbound Gateway")).toHaveValue("");
  await html.context().close();
});

test("the Failover tab: the stored settings are in the server HTML", async ({ page, browser }) => {
  await page.goto("/gateways/failover");
  await expect(page.getByTestId("console-sidebar")).toHaveAttribute("data-hydrated", "true");
  const stored = {
    retryDelays: await field(page, "Retry delays").inputValue(),
    maxLifetime: await field(page, "Give up after").inputValue(),
    bounces: await page.getByLabel("Send a bounce (DSN) to the sender when a recipient fails for good").isChecked(),
    balancing: await field(page, "Balancing").inputValue(),
  };
  expect(stored.retryDelays).not.toBe("");
  const html = await serverHtml(page, browser, "/gateways/failover");
  await expect(field(html, "Retry delays")).toHaveValue(stored.retryDelays);
  await expect(field(html, "Give up after")).toHaveValue(stored.maxLifetime);
  const bounces = html.getByLabel("Send a bounce (DSN) to the sender when a recipient fails for good");
  if (stored.bounces) await expect(bounces).toBeChecked();
  else await expect(bounces).not.toBeChecked();
  await expect(field(html, "Balancing")).toHaveValue(stored.balancing);
  await html.context().close();
});

test("the new API key, add admin and change password forms are whole in the server HTML", async ({ page, browser }) => {
  for (const [path, labels] of [
    ["/api-keys/new", ["Name"]],
    ["/admins", ["Email", "Password", "Confirm password"]],
    ["/admins/password", ["Current password", "New password", "Confirm new password"]],
  ] as const) {
    const html = await serverHtml(page, browser, path);
    for (const label of labels) await expect(field(html, label), `${path}: ${label}`).toHaveValue("");
    await html.context().close();
  }
});

test("the sign-in form is whole in the server HTML", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const html = await serverHtml(page, browser, "/login");
  await expect(field(html, "Email")).toHaveValue("");
  await expect(field(html, "Password")).toHaveValue("");
  await html.context().close();
  await context.close();
});

/**
 * Sent before React hydrates it (JavaScript off stands in for a click during load), a form without a method would go
 * out as GET with every field in the URL — the password in the address bar, the history and the access log. The
 * forms say method="post" (test/architecture/forms-declare-method.test.ts checks every form's source).
 */
test("the sign-in and gateway forms sent before hydration never put their fields in the URL", async ({ browser, baseURL }) => {
  const signIn = await browser.newContext({ baseURL, javaScriptEnabled: false, storageState: { cookies: [], origins: [] } });
  const login = await signIn.newPage();
  await login.goto("/login");
  await field(login, "Email").fill("first.admin@example.com");
  await field(login, "Password").fill("typed before hydration");
  const [answer] = await Promise.all([login.waitForEvent("response", (response) => response.request().method() === "POST"), field(login, "Password").press("Enter")]);
  expect(answer.status()).toBeLessThan(500);
  await login.waitForLoadState();
  expect(new URL(login.url()).search).toBe("");
  expect(login.url()).not.toContain("hydration");
  await signIn.close();

  const admin = await browser.newContext({ baseURL, javaScriptEnabled: false, storageState: ADMIN_STATE });
  const gateway = await admin.newPage();
  await gateway.goto("/gateways/new");
  await field(gateway, "Server Address").fill("before-hydration.example.test");
  await field(gateway, "Description").fill("typed before hydration");
  await Promise.all([gateway.waitForEvent("response", (response) => response.request().method() === "POST"), gateway.getByRole("button", { name: "Save" }).click()]);
  await gateway.waitForLoadState();
  expect(new URL(gateway.url()).search).toBe("");
  expect(gateway.url()).not.toContain("hydration");
  await admin.close();
});
