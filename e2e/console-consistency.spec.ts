import { expect, test } from "@playwright/test";
import { OVERVIEW_REFRESH_MS } from "../components/overview/use-overview";
import { startTestSmtpServer } from "../test/smtp/start-test-smtp-server";
import { createApiKey } from "./support/api-key-helpers";
import { toast } from "./support/console-ui";
import { createDomain } from "./support/domain-helpers";
import { createGateway, gatewayCell, gatewayOptionLabel, gatewayRow, uniqueSuffix } from "./support/gateway-helpers";

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

test("a deferred message shows in the grid's Spool Count within the overview's refresh interval, without a reload", async ({ page, request }) => {
  const refused: string[] = [];
  const sink = await startTestSmtpServer({
    rejectRecipient: (address) => {
      refused.push(address);
      return { code: 451, message: "4.7.1 Try again later" };
    },
  });
  try {
    const suffix = uniqueSuffix();
    const gateway = { description: `Spool cadence ${suffix}`, address: "127.0.0.1", port: sink.port };
    const domain = `spool-cadence-${suffix}.example`;
    await createGateway(page, { ...gateway, encryption: "None", type: "Specific Domains" });
    await createDomain(page, domain, gatewayOptionLabel(gateway));
    const key = await createApiKey(page, `Spool cadence ${suffix}`, [domain]);

    await page.goto("/gateways");
    const cell = gatewayCell(gatewayRow(page, gateway.description), "Spool Count");
    await expect(cell).toHaveText("0 queued here");

    const response = await request.post("/api/v1/messages", {
      headers: { Authorization: `Bearer ${key}` },
      data: { from: `app@${domain}`, to: `later-${suffix}@dest.example`, subject: "Deferred", text: "The gateway answers 451." },
    });
    expect(response.status()).toBe(202);
    // The grid's next refresh (at the overview's cadence, plus one request) shows it; 30 s would be far too late.
    await expect(cell).toHaveText("1 queued here", { timeout: OVERVIEW_REFRESH_MS + 3_000 });
    // Tried and deferred (451): still queued here.
    await expect.poll(() => refused.some((address) => address.startsWith(`later-${suffix}@`)), { timeout: 20_000 }).toBe(true);
    await expect(cell).toHaveText("1 queued here");
  } finally {
    await sink.close();
  }
});
