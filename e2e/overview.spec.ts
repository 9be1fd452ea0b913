import { expect, test, type Page } from "@playwright/test";
import { startTestSmtpServer, type TestSmtpServer } from "../test/smtp/start-test-smtp-server";
import { createApiKey } from "./support/api-key-helpers";
import { createDomain } from "./support/domain-helpers";
import { createGateway, gatewayOptionLabel, uniqueSuffix } from "./support/gateway-helpers";

// The overview (the console's home): counts and a chart that move while mail flows, without a page reload.
let sink: TestSmtpServer;

test.beforeAll(async () => {
  sink = await startTestSmtpServer({});
});

test.afterAll(async () => {
  await sink?.close();
});

const chartTotal = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute("data-total"));
const statValue = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).replace(/,/g, ""));

test.describe("anonymous visitors", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("are sent to the login from the overview", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });
});

test("the overview shows counts and charts that move while mail is delivered", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const description = `Overview sink ${suffix}`;
  const domain = `overview-${suffix}.example`;
  // Specific Domains: the three messages go through this gateway only, whatever other specs left in the ring.
  const gateway = { description, address: "127.0.0.1", port: sink.port };
  await createGateway(page, { ...gateway, encryption: "None", type: "Specific Domains" });
  await createDomain(page, domain, gatewayOptionLabel(gateway));
  const key = await createApiKey(page, `Overview ${suffix}`, [domain]);

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  const row = page.getByRole("row").filter({ hasText: description });
  await expect(row.locator("[data-health-state]")).toBeVisible();
  await expect(page.getByTestId("chart-per-minute").locator("canvas")).toBeVisible();
  const before = { chart: await chartTotal(page, "chart-per-minute"), week: await chartTotal(page, "chart-per-hour"), delivered: await statValue(page, "overview-delivered-1h") };
  // Marks this document: a full reload would lose it.
  await page.evaluate(() => ((window as unknown as { overviewMarker: boolean }).overviewMarker = true));

  for (let i = 0; i < 3; i++) {
    const response = await request.post("/api/v1/messages", {
      headers: { Authorization: `Bearer ${key}` },
      data: { from: `app@${domain}`, to: `rcpt-${suffix}-${i}@dest.example`, subject: `Overview ${suffix} ${i}`, text: "Counted on the overview." },
    });
    expect(response.status()).toBe(202);
  }
  await expect.poll(() => sink.messages.filter((message) => message.to.some((to) => to.startsWith(`rcpt-${suffix}-`))).length, { timeout: 30_000 }).toBe(3);

  // The page refreshes itself (every 5 s): the numbers and both charts catch up with the three deliveries.
  await expect.poll(() => statValue(page, "overview-delivered-1h"), { timeout: 20_000 }).toBeGreaterThanOrEqual(before.delivered + 3);
  await expect.poll(() => chartTotal(page, "chart-per-minute"), { timeout: 20_000 }).toBeGreaterThanOrEqual(before.chart + 3);
  expect(await chartTotal(page, "chart-per-hour")).toBeGreaterThanOrEqual(before.week + 3);
  await expect(row.locator("[data-col=last-hour]")).toHaveText(/^3 \/ 0 \/ 0$/);
  expect(await page.evaluate(() => (window as unknown as { overviewMarker?: boolean }).overviewMarker)).toBe(true);

  // One gateway's chart: exactly its three deliveries.
  await page.getByLabel("Show").selectOption({ label: description });
  await expect(page.getByTestId("chart-per-minute")).toHaveAttribute("data-total", "3");
  await expect(page.getByTestId("chart-per-minute")).toContainText("3 delivered, 0 deferred, 0 failed");
});
