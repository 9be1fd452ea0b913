import { expect, test } from "@playwright/test";
import { confirmDialog, confirmWith } from "./support/console-ui";
import { ADMIN_STATE } from "./support/paths";

const CONSOLE_PAGES = ["/gateways", "/gateways/new", "/gateways/failover", "/domains", "/domains/new", "/admins", "/api-keys", "/messages"];

test.describe("anonymous visitors", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  for (const path of CONSOLE_PAGES) {
    test(`are sent to the login from ${path}`, async ({ page }) => {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login/);
      await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    });
  }

  test("are refused with a wrong password, and signed in with the right one", async ({ page, browser }) => {
    // Its own admin: signing out ends every session of that admin, and the other specs use the first admin's.
    const admin = { email: `signin.${Date.now()}@example.com`, password: "sign in spec lantern grommet" };
    const firstAdmin = await browser.newContext({ storageState: ADMIN_STATE });
    const admins = await firstAdmin.newPage();
    await admins.goto("/admins");
    await admins.getByLabel("Email").fill(admin.email);
    await admins.getByLabel("Password", { exact: true }).fill(admin.password);
    await admins.getByLabel("Confirm password").fill(admin.password);
    await admins.getByRole("button", { name: "Add admin" }).click();
    await expect(admins.getByRole("cell", { name: admin.email })).toBeVisible();
    await firstAdmin.close();

    await page.goto("/login");
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill("definitely wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("form-error")).toContainText("Wrong email or password");
    await expect(page).toHaveURL(/\/login/);

    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/gateways$/);
    await expect(page.getByTestId("signed-in-as")).toHaveText(admin.email);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/admins");
    await expect(page).toHaveURL(/\/login/);
  });
});

test("admins add another admin, whose repeated failed logins lock the account for a while", async ({ page, browser }) => {
  const email = `locked.${Date.now()}@example.com`;
  const password = "another admin password";
  await page.goto("/admins");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Add admin" }).click();
  await expect(page.getByRole("cell", { name: email })).toBeVisible();

  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const login = await anonymous.newPage();
  await login.goto("/login");
  await login.getByLabel("Email").fill(email);
  for (let attempt = 0; attempt < 5; attempt++) {
    await login.getByLabel("Password").fill(`wrong ${attempt}`);
    await login.getByRole("button", { name: "Sign in" }).click();
    await expect(login.getByTestId("form-error")).toBeVisible();
  }
  await login.getByLabel("Password").fill(password);
  await login.getByRole("button", { name: "Sign in" }).click();
  await expect(login.getByTestId("form-error")).toContainText("Too many failed sign-in attempts");
  await expect(login).toHaveURL(/\/login/);
  await anonymous.close();

  // The first admin removes the locked one.
  await page.getByRole("row", { name: new RegExp(email) }).getByRole("button", { name: "Remove" }).click();
  await expect(confirmDialog(page, "Remove admin")).toContainText(email);
  await confirmWith(page, "Remove admin", "Remove");
  await expect(page.getByRole("cell", { name: email })).toHaveCount(0);
});
