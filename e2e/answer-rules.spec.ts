import { expect, test, type Page } from "@playwright/test";
import { confirmWith, toast } from "./support/console-ui";
import { uniqueSuffix } from "./support/gateway-helpers";

const rulesGrid = (page: Page) => page.getByRole("table", { name: "Answer rules" });
const ruleRow = (page: Page, name: string) => rulesGrid(page).getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });

test.describe("answer rules (Gateways → Rules)", () => {
  test("lists the shipped rules, creates a rule, edits and deletes it", async ({ page }) => {
    await page.goto("/gateways/rules");
    await expect(page.getByRole("tab", { name: "Rules" })).toHaveAttribute("aria-selected", "true");
    // The migration's defaults for the well-known smarthost answers.
    await expect(ruleRow(page, "Amazon SES: maximum sending rate exceeded")).toBeVisible();

    const name = `Relay rate limit ${uniqueSuffix()}`;
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Reply code", { exact: true }).fill("421");
    await page.getByLabel("Enhanced status code", { exact: true }).fill("4.7");
    await page.getByLabel("Answer text", { exact: true }).fill("rate*exceeded");
    await page.getByLabel("Action", { exact: true }).selectOption({ label: "Suspend the gateway" });
    await page.getByLabel("Minutes", { exact: true }).fill("10");
    await page.getByRole("button", { name: "Create rule" }).click();
    await expect(toast(page, "Rule created.", "success")).toBeVisible();
    const row = ruleRow(page, name);
    await expect(row).toContainText('code 421, status 4.7, text "rate*exceeded"');
    await expect(row).toContainText("Suspend the gateway for 10 min");
    await expect(row).toContainText("All gateways");

    // Edit: the form opens with the stored values (server-rendered), and the change shows in the grid.
    await row.getByRole("link", { name: "Edit" }).click();
    await expect(page.getByRole("heading", { name: `Edit rule "${name}"` })).toBeVisible();
    await expect(page.getByLabel("Answer text", { exact: true })).toHaveValue("rate*exceeded");
    await page.getByLabel("Action", { exact: true }).selectOption({ label: "Defer the message (not counted as an attempt)" });
    await page.getByLabel("Minutes", { exact: true }).fill("30");
    await page.getByRole("button", { name: "Save rule" }).click();
    await expect(toast(page, "Rule saved.", "success")).toBeVisible();
    await expect(page).toHaveURL(/\/gateways\/rules$/);
    await expect(ruleRow(page, name)).toContainText("Defer the message 30 min");

    await ruleRow(page, name).getByRole("button", { name: `Delete rule ${name}` }).click();
    await confirmWith(page, "Delete rule", "Delete");
    await expect(toast(page, `Rule "${name}" deleted.`, "success")).toBeVisible();
    await expect(ruleRow(page, name)).toHaveCount(0);
  });

  test("refuses a pattern that would match everything and a bad code, next to the fields", async ({ page }) => {
    await page.goto("/gateways/rules");
    await page.getByLabel("Name", { exact: true }).fill(`Bad ${uniqueSuffix()}`);
    await page.getByLabel("Reply code", { exact: true }).fill("4.7");
    await page.getByLabel("Answer text", { exact: true }).fill("***");
    await page.getByRole("button", { name: "Create rule" }).click();
    await expect(page.locator("#rule-matchCode-error")).toContainText("A reply code such as 421");
    await expect(page.locator("#rule-matchText-error")).toContainText("at least two characters");
    await expect(page.getByLabel("Answer text", { exact: true })).toHaveAttribute("aria-invalid", "true");
  });
});
