import { expect, test } from "@playwright/test";
import { startTestSmtpServer } from "../test/smtp/start-test-smtp-server";
import { createApiKey } from "./support/api-key-helpers";
import { createDomain } from "./support/domain-helpers";
import { createGateway, fillGatewayForm, gatewayOptionLabel, uniqueSuffix } from "./support/gateway-helpers";
import { waitForMessageRow } from "./support/message-helpers";

test.describe("route explain (Gateways → Route explain)", () => {
  test("explains the route of a domain pinned to a Specific Domains gateway, step by step", async ({ page }) => {
    const suffix = uniqueSuffix();
    const gateway = { description: `Dedicated ${suffix}`, address: `dedicated-${suffix}.example`, port: 2525, type: "Specific Domains" as const };
    await createGateway(page, gateway);
    const domain = `explain-${suffix}.example`;
    await createDomain(page, domain, gatewayOptionLabel(gateway));

    await page.goto("/gateways/explain");
    await page.getByLabel("Sender address", { exact: true }).fill(`news@${domain}`);
    await page.getByLabel("Recipient (optional)", { exact: true }).fill("reader@example.net");
    await page.getByRole("button", { name: "Explain" }).click();

    // A GET form: the explanation is a link, and the values stay in the fields.
    await expect(page).toHaveURL(new RegExp(`/gateways/explain\\?sender=news%40${domain.replace(/\./g, "\\.")}`));
    await expect(page.getByLabel("Sender address", { exact: true })).toHaveValue(`news@${domain}`);
    await expect(page.getByTestId("explain-summary")).toHaveText(`The next message from news@${domain} would go to "${gateway.description}"; no other gateway would take it.`);
    const steps = page.getByTestId("explain-steps");
    await expect(steps).toContainText(`${domain} is assigned to "${gateway.description}" (Specific Domains, enabled); when it fails the domain waits for it (no failover).`);
    await expect(steps).toContainText(`"${gateway.description}" (Specific Domains gateway) is `);
    await expect(steps).toContainText("The recipient reader@example.net does not change the route");
  });

  test("shows a field error for an address that is not one", async ({ page }) => {
    await page.goto("/gateways/explain?sender=not-an-address");
    await expect(page.locator("#explain-sender-error")).toContainText("Enter an email address");
    await expect(page.getByTestId("explain-summary")).toHaveCount(0);
  });

  test("names the limit that diverted the mail: a Specific Domains gateway at its daily limit overflows to round robin", async ({ page, request }) => {
    const sink = await startTestSmtpServer({});
    try {
      const suffix = uniqueSuffix();
      const limited = { description: `Limited ${suffix}`, address: "127.0.0.1", port: sink.port, encryption: "None", type: "Specific Domains" as const };
      // A day window: the use cannot roll over between the delivery and the explanation.
      await page.goto("/gateways/new");
      await fillGatewayForm(page, limited);
      await page.getByLabel("Messages per day", { exact: true }).fill("1");
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page).toHaveURL(/\/gateways$/);
      await createGateway(page, { description: `Overflow ${suffix}`, address: `overflow-${suffix}.example`, type: "Round Robin" });
      const domain = `limited-${suffix}.example`;
      await page.goto("/domains/new");
      await page.getByLabel("Domain Name", { exact: true }).fill(domain);
      await page.getByLabel("Outbound Gateway", { exact: true }).selectOption({ label: gatewayOptionLabel(limited) });
      await page.getByLabel("Fall over to round robin when this gateway fails").check();
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page).toHaveURL(/\/domains$/);

      // One message uses the day's only slot.
      const key = await createApiKey(page, `Limited app ${suffix}`, [domain]);
      const response = await request.post("/api/v1/messages", { headers: { Authorization: `Bearer ${key}` }, data: { from: `app@${domain}`, to: `rcpt-${suffix}@dest.example`, subject: `Limit ${suffix}`, text: "one" } });
      expect(response.status()).toBe(202);
      await waitForMessageRow(page, (await response.json()).id, "DELIVERED");

      await page.goto(`/gateways/explain?sender=${encodeURIComponent(`app@${domain}`)}`);
      const steps = page.getByTestId("explain-steps");
      await expect(steps).toContainText(`"${limited.description}": limit 1 per day — 1 / 1 this day, room again at`);
      await expect(steps).toContainText(`"${limited.description}" is at its limit (1 / 1 this day): the mail overflows to the next gateway.`);
      await expect(page.getByTestId("explain-summary")).toContainText(`The next message from app@${domain} would go to "`);
      await expect(page.getByTestId("explain-summary")).not.toContainText(`would go to "${limited.description}"`);
    } finally {
      await sink.close();
    }
  });
});
