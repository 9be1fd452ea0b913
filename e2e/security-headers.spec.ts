import { expect, test, type Page } from "@playwright/test";
import { createDomain, domainRow } from "./support/domain-helpers";
import { uniqueSuffix } from "./support/gateway-helpers";

/**
 * Issue #12 kind 11: the console works under its Content-Security-Policy. Every violation the browser reports
 * (the securitypolicyviolation event, and its console message) is collected while the main pages load and a
 * form is used, and there must be none.
 */
const MAIN_PAGES = ["/gateways", "/gateways/new", "/gateways/failover", "/domains", "/domains/new", "/messages", "/api-keys", "/admins"];

async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect)/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  await page.exposeFunction("reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  return violations;
}

test("the console's main pages load and a form works without a CSP violation", async ({ page }) => {
  const violations = await watchViolations(page);
  for (const path of MAIN_PAGES) {
    const response = await page.goto(path);
    expect(response?.headers()["content-security-policy"], path).toContain("'strict-dynamic'");
    await expect(page.locator("main, body").first()).toBeVisible();
  }
  // A client-side form calling a server action: React hydrated and the action's fetch was allowed.
  const name = `csp-${uniqueSuffix()}.example`;
  await createDomain(page, name);
  await expect(domainRow(page, name)).toBeVisible();
  expect(violations).toEqual([]);
});

test("the sign-in page loads without a CSP violation", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const violations = await watchViolations(page);
  await page.goto("/login");
  await expect(page.getByLabel("Email")).toBeVisible();
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: /sign in/i }).click();
  // The form answers in place (client-side next-auth call), so its script ran.
  await expect(page).toHaveURL(/\/login/);
  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);
  await context.close();
});
