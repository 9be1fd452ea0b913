import { expect, test, type Browser, type Page } from "@playwright/test";

const NO_SESSION = { cookies: [], origins: [] };

/** A fresh admin added through the Admins page by the signed-in first admin (signing it out ends only its sessions). */
async function addAdmin(page: Page, label: string): Promise<{ email: string; password: string }> {
  const admin = { email: `${label}.${Date.now()}@example.com`, password: `${label} spec lantern grommet` };
  await page.goto("/admins");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password", { exact: true }).fill(admin.password);
  await page.getByLabel("Confirm password").fill(admin.password);
  await page.getByRole("button", { name: "Add admin" }).click();
  await expect(page.getByRole("cell", { name: admin.email })).toBeVisible();
  return admin;
}

async function signIn(page: Page, { email, password }: { email: string; password: string }): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signedInBrowser(browser: Browser, admin: { email: string; password: string }) {
  const context = await browser.newContext({ storageState: NO_SESSION });
  const page = await context.newPage();
  await signIn(page, admin);
  await expect(page).toHaveURL(/\/gateways$/);
  return { context, page };
}

test("signing out ends the session on the server: another browser holding the same cookie is signed out too", async ({ page, browser }) => {
  const admin = await addAdmin(page, "signout");
  const first = await signedInBrowser(browser, admin);
  const copy = await browser.newContext({ storageState: { cookies: await first.context.cookies(), origins: [] } });
  const copyPage = await copy.newPage();
  await copyPage.goto("/admins");
  await expect(copyPage.getByTestId("signed-in-as")).toHaveText(admin.email);

  await first.page.getByRole("button", { name: "Sign out" }).click();
  await expect(first.page).toHaveURL(/\/login/);
  await copyPage.goto("/admins");
  await expect(copyPage).toHaveURL(/\/login/);

  // Only that admin's sessions ended.
  await page.goto("/admins");
  await expect(page.getByTestId("signed-in-as")).not.toHaveText(admin.email);
  await expect(page).toHaveURL(/\/admins$/);
  await Promise.all([first.context.close(), copy.close()]);
});

test("admins change their own password: a weak one is refused with zxcvbn's advice, then the old password fails and the new one works", async ({ page, browser }) => {
  const admin = await addAdmin(page, "change");
  const { context, page: own } = await signedInBrowser(browser, admin);
  await own.goto("/admins");
  await own.getByRole("link", { name: "Change your password" }).click();
  await expect(own).toHaveURL(/\/admins\/password$/);

  await own.getByLabel("Current password").fill(admin.password);
  await own.getByLabel("New password", { exact: true }).fill("password1234");
  await expect(own.getByTestId("password-strength")).toContainText("Strength: weak");
  await own.getByLabel("Confirm new password").fill("password1234");
  await own.getByRole("button", { name: "Change password" }).click();
  await expect(own.getByTestId("error-password-newPassword")).toContainText("similar to a commonly used password");

  await own.getByLabel("Current password").fill("not the current password");
  const newPassword = "paper kettle orbit meadow";
  await own.getByLabel("New password", { exact: true }).fill(newPassword);
  await own.getByLabel("Confirm new password").fill(newPassword);
  await own.getByRole("button", { name: "Change password" }).click();
  await expect(own.getByTestId("error-password-currentPassword")).toHaveText("The current password is wrong.");

  await own.getByLabel("Current password").fill(admin.password);
  await own.getByRole("button", { name: "Change password" }).click();
  await expect(own).toHaveURL(/\/login\?changed=password$/);
  await expect(own.getByTestId("form-success")).toContainText("Your password was changed");

  await signIn(own, admin);
  await expect(own.getByTestId("form-error")).toContainText("Wrong email or password");
  await signIn(own, { email: admin.email, password: newPassword });
  await expect(own).toHaveURL(/\/gateways$/);
  await expect(own.getByTestId("signed-in-as")).toHaveText(admin.email);
  await context.close();
});
