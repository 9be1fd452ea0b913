import { expect, test } from "@playwright/test";
import { createDomain } from "./support/domain-helpers";
import { createGateway, gatewayOptionLabel, uniqueSuffix } from "./support/gateway-helpers";

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
});
