import { expect, test } from "@playwright/test";
import { startTestSmtpServer } from "../test/smtp/start-test-smtp-server";
import { createApiKey } from "./support/api-key-helpers";
import { createDomain } from "./support/domain-helpers";
import { createGateway, fillGatewayForm, gatewayCell, gatewayOptionLabel, gatewayRow, uniqueSuffix } from "./support/gateway-helpers";
import { waitForMessageRow } from "./support/message-helpers";

test.describe("route explain (Gateways → Route explain)", () => {
  test("explains the route of a domain pinned to a Specific Domains gateway, step by step", async ({ page }) => {
    // A live gateway: the probes (every 2 s in e2e) find it healthy, so it takes the mail.
    const sink = await startTestSmtpServer({});
    try {
      const suffix = uniqueSuffix();
      const gateway = { description: `Dedicated ${suffix}`, address: "127.0.0.1", port: sink.port, encryption: "None", type: "Specific Domains" as const };
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
    } finally {
      await sink.close();
    }
  });

  test("answers only that Outgate refuses a sender whose domain is not hosted", async ({ page }) => {
    await page.goto(`/gateways/explain?sender=${encodeURIComponent(`app@not-hosted-${uniqueSuffix()}.example`)}`);
    await expect(page.getByTestId("explain-summary")).toHaveText("Outgate refuses this sender: domain not hosted (422)");
    const steps = page.getByTestId("explain-steps").getByRole("listitem");
    await expect(steps).toHaveCount(1);
    await expect(steps.first()).toHaveAttribute("data-verdict", "refuse");
    await expect(steps.first()).toContainText("Refused");
  });

  test("reads a Down gateway as skipped with the reason and until when, never as the gateway that takes the mail", async ({ page }) => {
    const sink = await startTestSmtpServer({});
    const suffix = uniqueSuffix();
    const down = { description: `Down ${suffix}`, address: "127.0.0.1", port: sink.port, encryption: "None", type: "Specific Domains" as const };
    await createGateway(page, down);
    const domain = `down-${suffix}.example`;
    await createDomain(page, domain, gatewayOptionLabel(down));
    // The gateway's server stops: the next probe finds it Down and puts it in cool-down.
    await sink.close();
    await page.goto("/gateways");
    await expect(gatewayCell(gatewayRow(page, down.description), "Health").locator("[data-health-state]")).toHaveAttribute("data-health-state", "DOWN");

    await page.goto(`/gateways/explain?sender=${encodeURIComponent(`news@${domain}`)}`);
    const step = page.getByTestId("explain-steps").getByRole("listitem").filter({ hasText: `"${down.description}" (Specific Domains gateway) is Down` });
    await expect(step).toHaveAttribute("data-verdict", "wait");
    // A probe that comes while the server is closing hears its "421 Server shutting down"; one after, ECONNREFUSED.
    await expect(step).toContainText(/is Down \(its last probe at .* UTC failed: ".*(ECONNREFUSED|421 Server shutting down).*"\) and in cool-down until .* UTC: no healthy gateway is left/);
    await expect(page.getByTestId("explain-summary")).toHaveText(
      `No healthy gateway can take mail from news@${domain} now: the next message would still be tried on "${down.description}" (in cool-down) as the last resort, and wait in the queue for its retry if that fails.`,
    );
  });

  test("shows a field error for an address that is not one", async ({ page }) => {
    await page.goto("/gateways/explain?sender=not-an-address");
    await expect(page.locator("#explain-sender-error")).toContainText("Enter an email address");
    await expect(page.getByTestId("explain-summary")).toHaveCount(0);
  });

  test("names the limit that diverted the mail: a Specific Domains gateway at its daily limit overflows to round robin", async ({ page, request }) => {
    const [sink, overflowSink] = await Promise.all([startTestSmtpServer({}), startTestSmtpServer({})]);
    try {
      const suffix = uniqueSuffix();
      const limited = { description: `Limited ${suffix}`, address: "127.0.0.1", port: sink.port, encryption: "None", type: "Specific Domains" as const };
      // A day window: the use cannot roll over between the delivery and the explanation.
      await page.goto("/gateways/new");
      await fillGatewayForm(page, limited);
      await page.getByLabel("Messages per day", { exact: true }).fill("1");
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page).toHaveURL(/\/gateways$/);
      // Live too: a gateway the probes find Down is only a last resort, and the summary would not name one.
      await createGateway(page, { description: `Overflow ${suffix}`, address: "127.0.0.1", port: overflowSink.port, encryption: "None", type: "Round Robin" });
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
      await Promise.all([sink.close(), overflowSink.close()]);
    }
  });
});
