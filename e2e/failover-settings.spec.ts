import { expect, test, type Page } from "@playwright/test";
import { toast } from "./support/console-ui";
import { createGateway, gatewayOptionLabel, uniqueSuffix } from "./support/gateway-helpers";

// The delivery settings are one row shared by every spec: each test puts back what it found, so a changed
// default (such as failover for new domains) never leaks into another spec's domains.

type Settings = { retryDelays: string; maxLifetime: string; bounces: boolean; defaultFailover: boolean; balancing: string };

const retryDelays = (page: Page) => page.getByLabel("Retry delays", { exact: true });
const maxLifetime = (page: Page) => page.getByLabel("Give up after", { exact: true });
const bounces = (page: Page) => page.getByLabel("Send a bounce (DSN) to the sender when a recipient fails for good");
const defaultFailover = (page: Page) => page.getByLabel("New domains fall over to the round-robin gateways when their own gateway fails");
const balancing = (page: Page) => page.getByLabel("Balancing", { exact: true });

async function readSettings(page: Page): Promise<Settings> {
  return {
    retryDelays: await retryDelays(page).inputValue(),
    maxLifetime: await maxLifetime(page).inputValue(),
    bounces: await bounces(page).isChecked(),
    defaultFailover: await defaultFailover(page).isChecked(),
    balancing: await balancing(page).inputValue(),
  };
}

async function expectSettings(page: Page, settings: Settings) {
  await expect(retryDelays(page)).toHaveValue(settings.retryDelays);
  await expect(maxLifetime(page)).toHaveValue(settings.maxLifetime);
  if (settings.bounces) await expect(bounces(page)).toBeChecked();
  else await expect(bounces(page)).not.toBeChecked();
  if (settings.defaultFailover) await expect(defaultFailover(page)).toBeChecked();
  else await expect(defaultFailover(page)).not.toBeChecked();
  await expect(balancing(page)).toHaveValue(settings.balancing);
}

async function fillSettings(page: Page, settings: Settings) {
  await retryDelays(page).fill(settings.retryDelays);
  await maxLifetime(page).fill(settings.maxLifetime);
  await bounces(page).setChecked(settings.bounces);
  await defaultFailover(page).setChecked(settings.defaultFailover);
  await balancing(page).selectOption(settings.balancing);
}

async function save(page: Page) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(toast(page, "Delivery settings saved.", "success")).toBeVisible();
}

/**
 * The form's fields get their values when it hydrates (react-hook-form registers them on the client): reading or
 * typing before that reads "" or is overwritten. A stored schedule is never empty, so a filled field means ready.
 */
async function openFailoverTab(page: Page) {
  await page.goto("/gateways/failover");
  await expect(retryDelays(page)).not.toHaveValue("");
}

let original: Settings | undefined;

test.beforeEach(async ({ page }) => {
  await openFailoverTab(page);
  original = await readSettings(page);
});

test.afterEach(async ({ page }) => {
  if (!original) return;
  await openFailoverTab(page);
  await fillSettings(page, original);
  await save(page);
});

test("the Failover tab saves every setting, stored in normalised form", async ({ page }) => {
  await page.goto("/gateways");
  const tabs = page.getByRole("tablist", { name: "Gateways" });
  await tabs.getByRole("tab", { name: "Failover" }).click();
  await expect(page).toHaveURL(/\/gateways\/failover$/);
  await expect(tabs.getByRole("tab", { name: "Failover" })).toHaveAttribute("aria-selected", "true");
  await expect(tabs.getByRole("tab", { name: "Outbound" })).toHaveAttribute("aria-selected", "false");
  await expect(page.getByRole("heading", { name: "Gateways / Failover", level: 1 })).toBeVisible();

  const changed = {
    retryDelays: "2m 15m,1h ,  90",
    maxLifetime: "72h",
    bounces: !original!.bounces,
    defaultFailover: !original!.defaultFailover,
    balancing: original!.balancing === "LEAST_SPOOL" ? "ROUND_ROBIN" : "LEAST_SPOOL",
  };
  await fillSettings(page, changed);
  await save(page);
  // The form shows what is stored: the same durations written in their largest exact unit.
  const stored = { ...changed, retryDelays: "2m, 15m, 1h, 90s", maxLifetime: "3d" };
  await expectSettings(page, stored);

  await page.reload();
  await expectSettings(page, stored);
  await expect(balancing(page).locator("option:checked")).toHaveText(
    stored.balancing === "LEAST_SPOOL" ? "Fewest messages in the SmarterMail spool" : "Round robin (take turns)",
  );
});

test("invalid durations get their message next to the field and nothing is saved", async ({ page }) => {
  await retryDelays(page).fill("5m, soon, 1h");
  await bounces(page).setChecked(!original!.bounces);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const delayError = page.getByTestId("error-failover-retryDelays");
  await expect(delayError).toHaveText('"soon" is not a duration; use s, m, h or d, e.g. 5m.');
  await expect(retryDelays(page)).toHaveAttribute("aria-invalid", "true");
  await expect(retryDelays(page)).toHaveAccessibleDescription(/"soon" is not a duration/);
  await expect(toast(page, "Delivery settings saved.", "success")).toHaveCount(0);

  // Out of range is refused too, for each field.
  await retryDelays(page).fill("5s");
  await maxLifetime(page).fill("30m");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(delayError).toHaveText("Each delay must be between 10s and 1d.");
  await expect(page.getByTestId("error-failover-maxLifetime")).toHaveText("The lifetime must be between 1h and 30d.");
  await expect(maxLifetime(page)).toHaveAttribute("aria-invalid", "true");

  // A fixed field loses its message once it is valid again.
  await retryDelays(page).fill("5m, 1h");
  await expect(delayError).toBeHidden();

  await page.reload();
  await expectSettings(page, original!);
});

test("the default failover choice is what the New domain form starts with", async ({ page }) => {
  const suffix = uniqueSuffix();
  const gateway = { description: `Own gateway ${suffix}`, address: `own-${suffix}.example` };
  await createGateway(page, { ...gateway, type: "Specific Domains" });

  for (const failover of [true, false]) {
    await openFailoverTab(page);
    await defaultFailover(page).setChecked(failover);
    await save(page);

    await page.goto("/domains/new");
    await page.getByLabel("Outbound Gateway", { exact: true }).selectOption({ label: gatewayOptionLabel(gateway) });
    const domainFailover = page.getByLabel("Fall over to round robin when this gateway fails", { exact: true });
    if (failover) await expect(domainFailover).toBeChecked();
    else await expect(domainFailover).not.toBeChecked();
  }
});
