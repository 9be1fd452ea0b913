import { expect, test } from "@playwright/test";
import { toast } from "./support/console-ui";
import { createGateway, gatewayCell, gatewayRow, uniqueSuffix } from "./support/gateway-helpers";

// Findings of a new-user trial, as an admin sees them. The browser reads another locale and time zone than the
// server, so a date formatted with the browser's locale would read differently from the other pages (and from the
// server HTML).
test.use({ locale: "de-DE", timezoneId: "Pacific/Auckland" });

const UTC_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/;

test("the Admins and SMTP pages show dates in UTC like every other page, whatever the browser's locale", async ({ page }) => {
  await page.goto("/admins");
  const created = page.getByRole("row").filter({ hasText: "(you)" }).getByRole("cell").nth(1);
  await expect(created).toHaveText(UTC_TIME);

  const name = `Dates ${uniqueSuffix()}`;
  await page.goto("/smtp/new");
  const form = page.getByTestId("smtp-credential-form");
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Username", { exact: true }).fill(`dates-${uniqueSuffix()}`);
  await form.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByRole("button", { name: "Done", exact: true }).click();
  await expect(page).toHaveURL(/\/smtp$/);
  const row = page.getByTestId("smtp-credentials-grid").locator(`tr[data-name="${name}"]`);
  await expect(row.getByRole("cell").nth(4)).toHaveText(UTC_TIME);
  await expect(row.getByRole("cell").nth(5)).toHaveText("Never");
});

test("a round-robin gateway's Domains reads All, and a draining gateway shows Draining on the grid and the overview", async ({ page }) => {
  const suffix = uniqueSuffix();
  const roundRobin = { description: `RR ${suffix}`, address: `rr-${suffix}.example` };
  const specific = { description: `Specific ${suffix}`, address: `sd-${suffix}.example`, type: "Specific Domains" as const };
  // Drained right after it is created and disabled at the end, so other specs' mail does not try its made-up address.
  const id = await createGateway(page, roundRobin);
  await createGateway(page, specific);

  await page.goto("/gateways");
  await expect(gatewayCell(gatewayRow(page, roundRobin.description), "Domains")).toHaveText("All (round robin)");
  await expect(gatewayCell(gatewayRow(page, specific.description), "Domains")).toHaveText("0");

  await gatewayRow(page, roundRobin.description).getByRole("button", { name: "Drain", exact: true }).click();
  await expect(toast(page, `Draining: ${roundRobin.description}.`, "success")).toBeVisible();
  await expect(gatewayCell(gatewayRow(page, roundRobin.description), "Status")).toHaveText("Draining");

  await page.goto("/");
  const overviewRow = page.locator(`tr[data-gateway-id="${id}"]`);
  await expect(overviewRow.getByTestId("overview-gateway-draining")).toHaveText("Draining");
  await expect(page.locator("tr[data-gateway-id]").filter({ hasText: specific.description }).getByTestId("overview-gateway-draining")).toHaveCount(0);

  // Disabled at the end: its address does not exist, and other specs' round robin must not try it.
  await page.goto("/gateways");
  await gatewayRow(page, roundRobin.description).getByRole("button", { name: "Disable", exact: true }).click();
  await expect(gatewayCell(gatewayRow(page, roundRobin.description), "Status")).toHaveText("Disabled");
});

test("the Audit page's Who cell keeps an actor's name and kind apart", async ({ page }) => {
  await page.goto("/audit?action=admin.create");
  const who = page.getByTestId("audit-row").filter({ hasText: "First-run setup" }).getByRole("cell").nth(1);
  await expect(who).toHaveText("First-run setup system");
  await expect(who.locator(".badge")).toHaveText("system");
});
