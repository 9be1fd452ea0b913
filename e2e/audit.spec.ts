import { expect, test, type Locator, type Page } from "@playwright/test";
import { createDomain, domainRow } from "./support/domain-helpers";
import { createGateway, gatewayRow, uniqueSuffix } from "./support/gateway-helpers";

/**
 * Issue 14, item 6: a gateway and a domain changed in the console show on the Audit page with who made the change,
 * the values before and after, and never a password; the action filter narrows the list and stays in the URL.
 */
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/** The audit row of `action` on the target named `label` (newest first, so the first match is the latest). */
function auditRow(page: Page, action: string, label: string): Locator {
  return page.getByTestId("audit-row").filter({ hasText: label }).and(page.locator(`[data-action="${action}"]`)).first();
}

function diffCells(row: Locator, fieldName: string) {
  const line = row.getByTestId("audit-diff").locator(`tr[data-field="${fieldName}"]`);
  return { before: line.locator(".audit-before"), after: line.locator(".audit-after") };
}

test("gateway and domain changes are audited with before/after, no password, and the action filter", async ({ page }) => {
  const suffix = uniqueSuffix();
  const firstPassword = `audit-first-secret-${suffix}`;
  const secondPassword = `audit-second-secret-${suffix}`;
  const description = `Audited ${suffix}`;
  const renamed = `Audited renamed ${suffix}`;
  const gatewayId = await createGateway(page, {
    description,
    address: `audited-${suffix}.example`,
    type: "Specific Domains",
    auth: { username: "relay-user", password: firstPassword },
  });

  // Edit the gateway: a new description, port and password.
  await page.goto("/gateways");
  await gatewayRow(page, description).getByRole("link", { name: `Edit ${description}` }).click();
  await expect(page.getByRole("heading", { name: "Edit outbound gateway" })).toBeVisible();
  await field(page, "Description").fill(renamed);
  await field(page, "Port").fill("2525");
  await field(page, "Auth Password").fill(secondPassword);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/gateways$/);

  // A domain on round robin, then moved to the gateway.
  const domain = `audited-${suffix}.example`;
  await createDomain(page, domain);
  await domainRow(page, domain).getByRole("link", { name: `Edit ${domain}` }).click();
  await field(page, "Outbound Gateway").selectOption(gatewayId);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/domains$/);

  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const gatewayUpdate = auditRow(page, "gateway.update", renamed);
  await expect(gatewayUpdate).toBeVisible();
  await expect(gatewayUpdate.getByRole("cell").nth(1)).toContainText("@");
  await expect(diffCells(gatewayUpdate, "description").before).toHaveText(description);
  await expect(diffCells(gatewayUpdate, "description").after).toHaveText(renamed);
  await expect(diffCells(gatewayUpdate, "port").before).toHaveText("25");
  await expect(diffCells(gatewayUpdate, "port").after).toHaveText("2525");
  await expect(gatewayUpdate.getByTestId("audit-detail")).toContainText("authPasswordEnc");
  await expect(auditRow(page, "gateway.create", description)).toBeVisible();

  const domainUpdate = auditRow(page, "domain.update", domain);
  await expect(diffCells(domainUpdate, "gatewayId").before).toHaveText("null");
  await expect(diffCells(domainUpdate, "gatewayId").after).toHaveText(gatewayId);
  await expect(auditRow(page, "domain.create", domain)).toBeVisible();

  // Neither password anywhere on the page; the sealed one is only named (audit-detail above), its field never shown.
  const html = await page.content();
  for (const secret of [firstPassword, secondPassword]) expect(html).not.toContain(secret);
  await expect(gatewayUpdate.getByTestId("audit-diff").locator('tr[data-field="authPasswordEnc"]')).toHaveCount(0);

  // Filter by one action: only gateway updates remain, and the choice is in the URL and the server-rendered form.
  await field(page, "Action").selectOption("gateway.update");
  await page.getByTestId("audit-filter-apply").click();
  await expect(page).toHaveURL(/[?&]action=gateway\.update/);
  await expect(field(page, "Action")).toHaveValue("gateway.update");
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  expect(new Set(await rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-action"))))).toEqual(new Set(["gateway.update"]));
  await expect(auditRow(page, "gateway.update", renamed)).toBeVisible();

  // An area: every domain action, none of the gateway ones.
  await page.goto("/audit?action=domain.*");
  await expect(auditRow(page, "domain.update", domain)).toBeVisible();
  expect(new Set(await rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-action")?.split(".")[0])))).toEqual(new Set(["domain"]));

  // A target search and a bad date answer on the page.
  await page.goto(`/audit?target=${encodeURIComponent(renamed)}`);
  await expect(field(page, "Target")).toHaveValue(renamed);
  await expect(auditRow(page, "gateway.update", renamed)).toBeVisible();
  await expect(page.getByTestId("audit-row").filter({ hasText: domain })).toHaveCount(0);
  const bad = await page.goto("/audit?from=yesterday");
  expect(bad?.status()).toBe(200);
  await expect(page.getByTestId("audit-filter-error")).toBeVisible();
  await expect(field(page, "From (UTC)")).toHaveAccessibleDescription(/A date like/);
});
