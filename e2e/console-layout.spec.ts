import { expect, test, type Page } from "@playwright/test";
import { NAV_ITEMS } from "../app/(console)/nav-items";
import { confirmDialog, toast } from "./support/console-ui";
import { createDomain, domainRow } from "./support/domain-helpers";
import { createGateway, gatewayRow, uniqueSuffix } from "./support/gateway-helpers";
import { ADMIN_STATE } from "./support/paths";
import { findFreePort } from "../lib/platform/free-port";

/**
 * Issue 14, item 7: one console at every width. The nav items come from app/(console)/nav-items.ts, so a page
 * added there is checked here too; the pages below them (forms) are listed by hand.
 */
const PHONE = { width: 390, height: 844 };
const FORM_PAGES = ["/gateways/new", "/gateways/failover", "/domains/new", "/api-keys/new", "/admins/password"];

/** React has hydrated the console (the sidebar's marker): clicks now reach their handlers. */
async function waitForConsole(page: Page) {
  await expect(page.getByTestId("console-sidebar")).toHaveAttribute("data-hydrated", "true");
}

/** The page body is no wider than the viewport: anything wide scrolls inside its own box. */
async function expectNoHorizontalOverflow(page: Page, path: string) {
  const widths = await page.evaluate(() => ({
    body: document.body.scrollWidth,
    document: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  expect(widths.body, `${path}: body ${widths.body}px in a ${widths.viewport}px viewport`).toBeLessThanOrEqual(widths.viewport);
  expect(widths.document, `${path}: page ${widths.document}px in a ${widths.viewport}px viewport`).toBeLessThanOrEqual(widths.viewport);
}

test.describe("at 390 px", () => {
  test.use({ viewport: PHONE });

  test.beforeAll(async ({ browser }) => {
    // Grids with rows are what overflows: make sure each list page has some, with long names.
    // browser.newPage() does not take the project's `use` options: sign in with the first admin's state.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, storageState: ADMIN_STATE });
    const suffix = uniqueSuffix();
    await createGateway(page, { description: `Layout gateway with a rather long description ${suffix}`, address: `relay-${suffix}.layout-check.example.test`, port: 2525 });
    await createDomain(page, `a-long-hosted-domain-name-for-the-layout-check-${suffix}.example`);
    await page.close();
  });

  for (const item of NAV_ITEMS) {
    test(`${item.label} (${item.href}) fits the width and is reached through the menu`, async ({ page }) => {
      await page.goto("/admins");
      await waitForConsole(page);
      const menuButton = page.getByRole("button", { name: "Open menu" });
      const link = page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: item.label, exact: true });
      // Collapsed: the links are hidden until the menu button opens them.
      await expect(link).toBeHidden();
      await menuButton.click();
      await expect(page.getByRole("button", { name: "Close menu" })).toHaveAttribute("aria-expanded", "true");
      await link.click();
      await expect(page).toHaveURL(new RegExp(`${item.href === "/" ? "/$" : `${item.href}(\\?.*)?$`}`));
      await expect(page.locator("h1")).toBeVisible();
      // Choosing a page closes the menu.
      await expect(page.getByRole("button", { name: "Open menu" })).toHaveAttribute("aria-expanded", "false");
      await expectNoHorizontalOverflow(page, item.href);
    });
  }

  test("the forms below the nav items fit the width too", async ({ page }) => {
    for (const path of FORM_PAGES) {
      await page.goto(path);
      await expect(page.locator("h1")).toBeVisible();
      await expectNoHorizontalOverflow(page, path);
    }
  });

  test("Escape closes the open menu", async ({ page }) => {
    await page.goto("/domains");
    await waitForConsole(page);
    await page.getByRole("button", { name: "Open menu" }).click();
    await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("navigation", { name: "Console" })).toBeHidden();
  });
});

test("a wide screen shows the navigation without a menu button", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/domains");
  await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Gateways", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Open menu" })).toBeHidden();
});

test("every list page has its title, description and New in the same header", async ({ page }) => {
  for (const path of ["/gateways", "/domains", "/api-keys"]) {
    await page.goto(path);
    const header = page.locator("header.page-header");
    await expect(header.locator("h1")).toBeVisible();
    await expect(header.getByTestId("page-description")).not.toBeEmpty();
    await expect(header.getByTestId("page-new")).toHaveText("New");
  }
});

test("a delete asks in the console's dialog: Escape and Cancel keep the domain, Delete removes it with a toast", async ({ page }) => {
  const name = `confirm-${uniqueSuffix()}.example`;
  await createDomain(page, name);
  await expect(toast(page, `Saved ${name}.`, "success")).toBeVisible();
  await waitForConsole(page);
  const row = domainRow(page, name);
  const dialog = confirmDialog(page, "Delete domain");

  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(name);
  // A stray Enter must not delete: focus starts on Cancel.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(1);

  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(1);

  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);
  await expect(toast(page, `Deleted ${name}.`, "success")).toBeVisible();
});

test("a save ends in a toast and leaves no banner behind on the next page", async ({ page }) => {
  await page.goto("/gateways/failover");
  await waitForConsole(page);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(toast(page, "Delivery settings saved.", "success")).toBeVisible();
  await expect(page.getByTestId("form-success")).toHaveCount(0);

  // An error is gone once the fixed form is sent again.
  const delays = page.getByLabel("Retry delays");
  const stored = await delays.inputValue();
  await delays.fill("soon");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("error-failover-retryDelays")).toBeVisible();
  await delays.fill(stored);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("error-failover-retryDelays")).toHaveCount(0);
  await expect(page.getByTestId("form-error")).toHaveCount(0);
});

test("an unknown address gets the branded 404 with status 404, inside and outside the console", async ({ page }) => {
  const missing = await page.request.get("/no-such-page-anywhere");
  expect(missing.status()).toBe(404);
  await page.goto("/no-such-page-anywhere");
  await expect(page.getByTestId("not-found")).toContainText("404");
  await expect(page.getByRole("heading", { name: "This page is not in Outgate" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the overview" })).toHaveAttribute("href", "/");

  // A console page's notFound() keeps the console around it.
  const gatewayPath = "/gateways/00000000-0000-4000-8000-000000000000";
  expect((await page.request.get(gatewayPath)).status()).toBe(404);
  await page.goto(gatewayPath);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
});

test("the favicon is Outgate's mark", async ({ page }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await page.request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});

/** The sidebar's dark background is under the bottom-left corner of the page, scrolled to its very end. */
async function expectSidebarToPageEnd(page: Page, path: string) {
  const reach = await page.evaluate(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    const sidebar = document.querySelector<HTMLElement>('[data-testid="console-sidebar"]')!;
    const bottom = sidebar.getBoundingClientRect().bottom + window.scrollY;
    const corner = document.elementFromPoint(5, window.innerHeight - 2);
    return { bottom, page: document.documentElement.scrollHeight, cornerInSidebar: !!corner?.closest('[data-testid="console-sidebar"]'), background: getComputedStyle(sidebar).backgroundColor };
  });
  expect(reach.background, `${path}: sidebar background`).not.toBe("rgba(0, 0, 0, 0)");
  expect(reach.bottom, `${path}: sidebar ends at ${reach.bottom}px of a ${reach.page}px page`).toBeGreaterThanOrEqual(reach.page - 1);
  expect(reach.cornerInSidebar, `${path}: bottom-left corner is the sidebar`).toBe(true);
}

test.describe("at 1400 × 900", () => {
  test.use({ viewport: { width: 1400, height: 900 } });
  const suffix = uniqueSuffix();
  const down = { description: `Layout down gateway ${suffix}`, address: "127.0.0.1" };

  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, storageState: ADMIN_STATE });
    // A long address and description, and a gateway whose probe fails (a closed port), so the Health cell shows an error.
    await createGateway(page, { description: `Layout wide gateway with a long description ${suffix}`, address: `relay-${suffix}.a-long-smarthost-name.layout-check.example.test`, port: 2525 });
    // A free port is a closed one: unique per run (a gateway's address and port are unique).
    await createGateway(page, { ...down, port: await findFreePort(), encryption: "STARTTLS (required)" });
    await page.close();
  });

  test("the gateways grid fits its container, and the last error is readable without hovering", async ({ page }) => {
    await page.goto("/gateways");
    await expect(page.getByTestId("console-sidebar")).toHaveAttribute("data-hydrated", "true");
    const error = gatewayRow(page, down.description).locator(".health-error");
    await expect(error).toContainText("ECONNREFUSED");
    await page.screenshot({ path: "test-results/layout-gateways-1400.png", fullPage: true });

    const fit = await page.evaluate(() => {
      const grid = document.querySelector<HTMLElement>('table[aria-label="Outbound gateways"]')!;
      return { grid: grid.scrollWidth, container: grid.parentElement!.clientWidth, right: grid.getBoundingClientRect().right, viewport: document.documentElement.clientWidth };
    });
    expect(fit.grid, `grid ${fit.grid}px in a ${fit.container}px container`).toBeLessThanOrEqual(fit.container);
    expect(fit.right).toBeLessThanOrEqual(fit.viewport);
    await expectNoHorizontalOverflow(page, "/gateways");

    // The error wraps to a few lines instead of "connectio…"; the whole text stays in its title and is reachable by keyboard.
    // A short error ("connect ECONNREFUSED 127.0.0.1:port") is shown whole: nothing cut sideways or below.
    const shown = await error.evaluate((element) => ({ sideways: element.scrollWidth - element.clientWidth, below: element.scrollHeight - element.clientHeight }));
    expect(shown).toEqual({ sideways: 0, below: 0 });
    await expect(error).toHaveAttribute("title", /ECONNREFUSED/);
    await expect(error).toHaveAttribute("tabindex", "0");
    await error.focus();
    await expect(error).toBeFocused();
  });

  test("the sidebar's background runs the full height of long and short pages", async ({ page }) => {
    for (const path of ["/gateways/new", "/", "/gateways", "/domains"]) {
      await page.goto(path);
      await expect(page.locator("h1")).toBeVisible();
      await expectSidebarToPageEnd(page, path);
    }
    await page.goto("/gateways/new");
    await page.screenshot({ path: "test-results/layout-gateway-form-1400.png", fullPage: true });
  });
});
