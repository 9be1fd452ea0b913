import { expect, type Locator, type Page } from "@playwright/test";

export const ROUND_ROBIN_LABEL = "Round robin (default)";

/** The domains grid row of a stored (ASCII, lower-case) domain name. */
export function domainRow(page: Page, asciiName: string): Locator {
  return page.getByTestId("domains-grid").locator(`tr[data-domain="${asciiName}"]`);
}

/** Creates a domain through the New form; `gateway` is the select's option label (round robin when left out). */
export async function createDomain(page: Page, name: string, gateway: string = ROUND_ROBIN_LABEL): Promise<void> {
  await page.goto("/domains/new");
  await page.getByLabel("Domain Name", { exact: true }).fill(name);
  await page.getByLabel("Outbound Gateway", { exact: true }).selectOption({ label: gateway });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/domains$/);
}
