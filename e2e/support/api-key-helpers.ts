import { expect, type Locator, type Page } from "@playwright/test";
import { confirmWith } from "./console-ui";

/** The API keys grid row of the key called `name`. */
export function apiKeyRow(page: Page, name: string): Locator {
  return page.getByTestId("api-keys-grid").locator(`tr[data-name="${name}"]`);
}

/**
 * Creates an API key through New → Create and returns the key exactly as the page shows it once.
 * `domains` are the checkbox labels (stored ASCII names); none means every hosted domain.
 */
export async function createApiKey(page: Page, name: string, domains: string[] = []): Promise<string> {
  await page.goto("/api-keys");
  await page.getByRole("link", { name: "New", exact: true }).click();
  await expect(page).toHaveURL(/\/api-keys\/new$/);
  const form = page.getByTestId("api-key-form");
  await form.getByLabel("Name", { exact: true }).fill(name);
  for (const domain of domains) await form.getByLabel(domain, { exact: true }).check();
  await form.getByRole("button", { name: "Create", exact: true }).click();
  const value = page.getByTestId("created-api-key-value");
  await expect(value).toHaveText(/^og_[A-Za-z0-9_-]{43}$/);
  const key = (await value.textContent())!.trim();
  await page.getByRole("button", { name: "Done", exact: true }).click();
  await expect(page).toHaveURL(/\/api-keys$/);
  await expect(apiKeyRow(page, name)).toHaveCount(1);
  return key;
}

/** Revokes a key from the grid, confirming in the console's dialog. */
export async function revokeApiKey(page: Page, name: string): Promise<void> {
  await page.goto("/api-keys");
  const row = apiKeyRow(page, name);
  await row.getByRole("button", { name: `Revoke ${name}`, exact: true }).click();
  await confirmWith(page, "Revoke API key", "Revoke");
  await expect(row.getByText("Revoked", { exact: true })).toBeVisible();
}
