import { expect, test } from "@playwright/test";
import { ADMIN, ADMIN_STATE } from "./support/paths";
import { readSetupTokenFromLog } from "./support/setup-token";

test("first run: the console offers one-time setup guarded by the token from the server log", async ({ page }) => {
  await page.goto("/gateways");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Set up Outgate" })).toBeVisible();

  await page.getByLabel("Setup token").fill("not-the-token");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin" }).click();
  await expect(page.getByTestId("error-token")).toContainText("setup token is wrong");

  await page.getByLabel("Setup token").fill(readSetupTokenFromLog());
  await page.getByRole("button", { name: "Create admin" }).click();
  await expect(page).toHaveURL(/\/gateways$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(ADMIN.email);
  await page.context().storageState({ path: ADMIN_STATE });

  // Setup is a one-time thing: once an admin exists the page sends visitors to the login.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/(login|gateways)/);
});
