import { domainToASCII, domainToUnicode } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { confirmDialog, confirmWith } from "./support/console-ui";
import { createDomain, domainRow, ROUND_ROBIN_LABEL } from "./support/domain-helpers";
import { createGateway, gatewayCell, gatewayOptionLabel, gatewayRow, uniqueSuffix } from "./support/gateway-helpers";

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/** A Specific Domains gateway made through the UI, with the label the domain pages give it. */
async function createSpecificGateway(page: Page, name: string) {
  const gateway = { description: `Specific ${name}`, address: `specific-${name}.example` };
  const id = await createGateway(page, { ...gateway, type: "Specific Domains" });
  return { ...gateway, id, label: gatewayOptionLabel(gateway) };
}

test("only Specific Domains gateways can be chosen for a domain, besides round robin", async ({ page }) => {
  const suffix = uniqueSuffix();
  const specific = await createSpecificGateway(page, suffix);
  const roundRobin = { description: `Round robin ${suffix}`, address: `round-robin-${suffix}.example` };
  await createGateway(page, { ...roundRobin, type: "Round Robin" });

  await page.goto("/domains/new");
  const gatewaySelect = field(page, "Outbound Gateway");
  await expect(gatewaySelect).toHaveValue(""); // round robin is the default
  await expect(gatewaySelect.locator("option").first()).toHaveText(ROUND_ROBIN_LABEL);
  await expect(gatewaySelect.locator("option", { hasText: specific.label })).toHaveCount(1);
  await expect(gatewaySelect.locator("option", { hasText: roundRobin.description })).toHaveCount(0);
});

test("a domain with an international name is added, moved to round robin and deleted", async ({ page }) => {
  const suffix = uniqueSuffix();
  const gateway = await createSpecificGateway(page, suffix);
  const typed = `Bücher-Test-${suffix}.example`;
  const ascii = domainToASCII(typed);
  expect(ascii).toMatch(/^xn--/);
  const displayName = `${domainToUnicode(ascii)} (${ascii})`;

  await createDomain(page, typed, gateway.label);
  const row = domainRow(page, ascii);
  await expect(row.getByRole("cell")).toHaveText([displayName, gateway.label, /Edit/]);

  await page.goto("/gateways");
  await expect(gatewayCell(gatewayRow(page, gateway.description), "Domains")).toHaveText("1");

  await page.goto("/domains");
  await row.getByRole("link", { name: `Edit ${displayName}` }).click();
  await expect(page.getByRole("heading", { name: `Edit domain ${displayName}` })).toBeVisible();
  await expect(field(page, "Domain Name")).toHaveValue(domainToUnicode(ascii));
  await expect(field(page, "Outbound Gateway")).toHaveValue(gateway.id);
  await field(page, "Outbound Gateway").selectOption({ label: ROUND_ROBIN_LABEL });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/domains$/);
  await expect(row.getByRole("cell").nth(1)).toHaveText(ROUND_ROBIN_LABEL);

  await page.goto("/gateways");
  await expect(gatewayCell(gatewayRow(page, gateway.description), "Domains")).toHaveText("0");

  await page.goto("/domains");
  await row.getByRole("button", { name: `Delete ${displayName}` }).click();
  await expect(confirmDialog(page, "Delete domain")).toContainText(displayName);
  await confirmWith(page, "Delete domain", "Delete");
  await expect(row).toHaveCount(0);
});

test("an invalid or duplicate domain name gets a message next to Domain Name", async ({ page }) => {
  const name = `dup-${uniqueSuffix()}.example`;
  await page.goto("/domains/new");
  await field(page, "Domain Name").fill("not a domain");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("error-domain-name")).toContainText("Enter a valid domain name");
  await expect(field(page, "Domain Name")).toHaveAttribute("aria-invalid", "true");
  await expect(field(page, "Domain Name")).toHaveAccessibleDescription(/Enter a valid domain name/);
  await expect(page).toHaveURL(/\/domains\/new$/);

  await createDomain(page, name);
  await page.goto("/domains/new");
  // Names are stored lower-case, so another case is the same domain.
  await field(page, "Domain Name").fill(name.toUpperCase());
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("error-domain-name")).toContainText("This domain already exists");
  await expect(page).toHaveURL(/\/domains\/new$/);

  await page.goto("/domains");
  await expect(domainRow(page, name)).toHaveCount(1);
});

test("a gateway keeps its Specific Domains type while a domain uses it", async ({ page }) => {
  const suffix = uniqueSuffix();
  const gateway = await createSpecificGateway(page, suffix);
  const domain = `pinned-${suffix}.example`;
  await createDomain(page, domain, gateway.label);

  await page.goto(`/gateways/${gateway.id}`);
  await field(page, "Type").selectOption({ label: "Round Robin" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("error-type")).toContainText(`These domains use this gateway: ${domain}`);
  await expect(page.getByTestId("form-error")).toContainText("before changing the type");
  await expect(page).toHaveURL(new RegExp(`/gateways/${gateway.id}$`));

  await page.goto("/gateways");
  await expect(gatewayCell(gatewayRow(page, gateway.description), "Type")).toHaveText("Specific Domains");
});
