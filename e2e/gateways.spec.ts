import { expect, test, type Page } from "@playwright/test";
import { createDomain, domainRow, ROUND_ROBIN_LABEL } from "./support/domain-helpers";
import { createGateway, gatewayCell, gatewayOptionLabel, gatewayRow, gatewaysGrid, uniqueSuffix } from "./support/gateway-helpers";

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

test("the Gateways page opens on the Outbound tab", async ({ page }) => {
  await page.goto("/gateways");
  await expect(page.getByRole("heading", { name: "Gateways / Failover", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Gateways", exact: true })).toHaveAttribute("aria-current", "page");

  const tabs = page.getByRole("tablist", { name: "Gateways" });
  await expect(tabs.getByRole("tab", { name: "Outbound" })).toHaveAttribute("aria-selected", "true");
  await expect(tabs.getByRole("tab", { name: "Failover" })).toHaveAttribute("aria-selected", "false");
  // Other specs may already have added gateways: either the grid or its empty state is shown.
  await expect(gatewaysGrid(page).or(page.getByText("No outbound gateways yet"))).toBeVisible();
});

test("a new gateway takes every field, and the grid shows it with its address in Unicode and punycode", async ({ page }) => {
  const suffix = uniqueSuffix();
  const description = `Every field ${suffix}`;
  await page.goto("/gateways");
  await page.getByRole("link", { name: "New", exact: true }).click();
  await expect(page.getByRole("heading", { name: "New outbound gateway" })).toBeVisible();

  await field(page, "Server Address").fill("relay.bücher.example");
  await field(page, "Port").fill("25");
  // A default port follows the encryption (RFC 8314: implicit TLS on 465).
  await field(page, "Encryption").selectOption({ label: "SSL/TLS" });
  await expect(field(page, "Port")).toHaveValue("465");
  await field(page, "Verify certificate").uncheck();
  await field(page, "Status").selectOption({ label: "Disabled" });
  await field(page, "Type").selectOption({ label: "Specific Domains" });
  await field(page, "Enable Authentication").check();
  await field(page, "Auth Username").fill(`relay-user-${suffix}`);
  await field(page, "Auth Password").fill(`auth-secret-${suffix}`);
  await field(page, "Description").fill(description);
  const smartermail = page.getByRole("group", { name: "SmarterMail Gateway" });
  await smartermail.getByLabel("Enable SmarterMail gateway mode", { exact: true }).check();
  await smartermail.getByLabel("SmarterMail URL", { exact: true }).fill("https://mail.example.com:9998");
  await smartermail.getByLabel("SmarterMail Username", { exact: true }).fill("gateway-admin");
  await smartermail.getByLabel("SmarterMail Password", { exact: true }).fill(`sm-secret-${suffix}`);
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page).toHaveURL(/\/gateways$/);
  const row = gatewayRow(page, description);
  // Both forms: what a reader sees and what is stored (issue 12, kind 12).
  await expect(gatewayCell(row, "Server Address")).toHaveText("relay.bücher.example (relay.xn--bcher-kva.example)");
  await expect(gatewayCell(row, "Port")).toHaveText("465");
  await expect(gatewayCell(row, "Encryption")).toHaveText("SSL/TLS");
  await expect(gatewayCell(row, "Type")).toHaveText("Specific Domains");
  await expect(gatewayCell(row, "Status")).toHaveText("Disabled");
  await expect(gatewayCell(row, "Auth")).toHaveText("Yes");
  await expect(gatewayCell(row, "Domains")).toHaveText("0");

  // Every field comes back in the edit form (passwords only as "a password is set").
  await row.getByRole("link", { name: `Edit ${description}` }).click();
  await expect(page.getByRole("heading", { name: "Edit outbound gateway" })).toBeVisible();
  await expect(field(page, "Server Address")).toHaveValue("relay.xn--bcher-kva.example");
  await expect(field(page, "Port")).toHaveValue("465");
  await expect(field(page, "Encryption")).toHaveValue("IMPLICIT_TLS");
  await expect(field(page, "Verify certificate")).not.toBeChecked();
  await expect(field(page, "Status")).toHaveValue("false");
  await expect(field(page, "Type")).toHaveValue("SPECIFIC_DOMAINS");
  await expect(field(page, "Enable Authentication")).toBeChecked();
  await expect(field(page, "Auth Username")).toHaveValue(`relay-user-${suffix}`);
  await expect(field(page, "Auth Password")).toHaveValue("");
  await expect(field(page, "Description")).toHaveValue(description);
  await expect(field(page, "Enable SmarterMail gateway mode")).toBeChecked();
  await expect(field(page, "SmarterMail URL")).toHaveValue("https://mail.example.com:9998");
  await expect(field(page, "SmarterMail Username")).toHaveValue("gateway-admin");
  await expect(field(page, "SmarterMail Password")).toHaveValue("");
});

test("no page ever carries a stored password", async ({ page }) => {
  const suffix = uniqueSuffix();
  const description = `Secrets ${suffix}`;
  const authPassword = `auth-secret-${suffix}`;
  const smartermailPassword = `sm-secret-${suffix}`;
  const id = await createGateway(page, {
    description,
    address: `secrets-${suffix}.example`,
    auth: { username: "relay-user", password: authPassword },
    smartermail: { url: "https://mail.example.com", username: "gateway-admin", password: smartermailPassword },
  });
  const expectNoPasswords = (html: string) => {
    expect(html).not.toContain(authPassword);
    expect(html).not.toContain(smartermailPassword);
  };

  expectNoPasswords(await page.content());

  const response = await page.request.get(`/gateways/${id}`);
  expect(response.ok()).toBe(true);
  const editHtml = await response.text();
  expect(editHtml).toContain(description); // the edit page itself, not a sign-in page
  expectNoPasswords(editHtml);

  await page.goto(`/gateways/${id}`);
  await expect(field(page, "Auth Password")).toHaveAccessibleDescription(/A password is set/);
  await expect(field(page, "SmarterMail Password")).toHaveAccessibleDescription(/A password is set/);
  expectNoPasswords(await page.content());
});

test("editing a gateway saves the change; a blank password keeps the stored one only for the same server, port and user", async ({ page }) => {
  const suffix = uniqueSuffix();
  const description = `Edit me ${suffix}`;
  const renamed = `Edited ${suffix}`;
  await createGateway(page, {
    description,
    address: `edit-${suffix}.example`,
    port: 2525,
    auth: { username: "relay-user", password: `auth-secret-${suffix}` },
    smartermail: { url: "https://mail.example.com", username: "gateway-admin", password: `sm-secret-${suffix}` },
  });

  // A click anywhere on the row opens the edit form.
  await gatewayCell(gatewayRow(page, description), "Server Address").click();
  await expect(page.getByRole("heading", { name: "Edit outbound gateway" })).toBeVisible();
  await expect(field(page, "Auth Password")).toHaveValue("");
  await field(page, "Description").fill(renamed);
  // Another port: the stored password would go to a new destination, so the form asks for it again (issue #12).
  await field(page, "Port").fill("2526");
  await expect(field(page, "Auth Password")).toHaveAccessibleDescription(/Enter the password again: the server\/port\/user changed/);
  await expect(field(page, "Auth Password")).toHaveAttribute("aria-required", "true");
  await expect(field(page, "SmarterMail Password")).toHaveAccessibleDescription(/A password is set/);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#authPassword-error")).toHaveText(/Enter the password again/);
  await expect(page).toHaveURL(/\/gateways\/[0-9a-f-]{36}$/);
  // Back to the stored port, the blank password may stay blank again.
  await field(page, "Port").fill("2525");
  await expect(field(page, "Auth Password")).toHaveAccessibleDescription(/A password is set/);
  await field(page, "Port").fill("2526");
  await field(page, "Auth Password").fill(`auth-secret-${suffix}`);
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page).toHaveURL(/\/gateways$/);
  await expect(gatewayCell(gatewayRow(page, renamed), "Port")).toHaveText("2526");
  await expect(gatewayRow(page, description)).toHaveCount(0);

  // Saved again with both password fields left blank: accepted, and the passwords are still stored.
  await gatewayRow(page, renamed).getByRole("link", { name: `Edit ${renamed}` }).click();
  await expect(field(page, "Auth Password")).toHaveAccessibleDescription(/A password is set/);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/gateways$/);
  await gatewayRow(page, renamed).getByRole("link", { name: `Edit ${renamed}` }).click();
  await expect(field(page, "Auth Password")).toHaveAccessibleDescription(/A password is set/);
  await expect(field(page, "SmarterMail Password")).toHaveAccessibleDescription(/A password is set/);
});

test("a gateway is disabled, enabled again and deleted from the grid", async ({ page }) => {
  const suffix = uniqueSuffix();
  const description = `Toggle ${suffix}`;
  await createGateway(page, { description, address: `toggle-${suffix}.example` });
  const row = gatewayRow(page, description);
  await expect(gatewayCell(row, "Status")).toHaveText("Enabled");

  await row.getByRole("button", { name: "Disable", exact: true }).click();
  await expect(gatewayCell(row, "Status")).toHaveText("Disabled");
  await row.getByRole("button", { name: "Enable", exact: true }).click();
  await expect(gatewayCell(row, "Status")).toHaveText("Enabled");

  const dialog = page.getByRole("dialog", { name: "Delete gateway" });
  await row.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(dialog).toContainText(description);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(1);

  await row.getByRole("button", { name: "Delete", exact: true }).click();
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);
});

test("invalid fields get their message next to them and nothing is saved", async ({ page }) => {
  const description = `Invalid ${uniqueSuffix()}`;
  await page.goto("/gateways/new");
  await field(page, "Description").fill(description);
  await field(page, "Server Address").fill("not a host!");
  await field(page, "Port").fill("0");
  await field(page, "Enable Authentication").check();
  await field(page, "Enable SmarterMail gateway mode").check();
  await field(page, "SmarterMail URL").fill("ftp://x");
  await field(page, "SmarterMail Username").fill("gateway-admin");
  await field(page, "SmarterMail Password").fill("sm-secret");
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page.getByTestId("error-address")).toContainText("Enter an IP address or a hostname");
  await expect(field(page, "Server Address")).toHaveAttribute("aria-invalid", "true");
  await expect(field(page, "Server Address")).toHaveAccessibleDescription(/Enter an IP address or a hostname/);
  await expect(page.getByTestId("error-port")).toContainText("between 1 and 65535");
  await expect(page.getByTestId("error-authUsername")).toContainText("Enter the username");
  await expect(page.getByTestId("error-smartermailUrl")).toContainText("http:// or https://");

  // Fixed fields lose their message as they are typed, broken ones get it back.
  await field(page, "Port").fill("25");
  await expect(page.getByTestId("error-port")).toBeHidden();
  await field(page, "Port").fill("70000");
  await expect(page.getByTestId("error-port")).toContainText("between 1 and 65535");
  await field(page, "SmarterMail URL").fill("https://mail.example.com");
  await expect(page.getByTestId("error-smartermailUrl")).toBeHidden();
  await field(page, "SmarterMail URL").fill("nope");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("error-smartermailUrl")).toContainText("http:// or https://");
  await expect(page).toHaveURL(/\/gateways\/new$/);

  await page.goto("/gateways");
  await expect(page.getByRole("heading", { name: "Gateways / Failover", level: 1 })).toBeVisible();
  await expect(gatewayRow(page, description)).toHaveCount(0);
});

test("a second gateway with the same address, port and auth username is refused", async ({ page }) => {
  const suffix = uniqueSuffix();
  const first = `Original ${suffix}`;
  const copy = `Copy ${suffix}`;
  await createGateway(page, { description: first, address: `dup-${suffix}.example`, port: 2525, auth: { username: "relay-user", password: "secret one" } });

  await page.goto("/gateways/new");
  // Same address in another case: it is stored lower-case, so it is the same gateway.
  await field(page, "Server Address").fill(`DUP-${suffix}.EXAMPLE`);
  await field(page, "Port").fill("2525");
  await field(page, "Enable Authentication").check();
  await field(page, "Auth Username").fill("relay-user");
  await field(page, "Auth Password").fill("secret two");
  await field(page, "Description").fill(copy);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("error-address")).toHaveText("A gateway with this server address, port and auth username already exists.");
  await expect(page.getByTestId("form-error")).toContainText("already exists");
  await expect(page).toHaveURL(/\/gateways\/new$/);

  // Another auth username on the same server is a different gateway.
  await field(page, "Auth Username").fill("other-user");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/gateways$/);
  await expect(gatewayRow(page, first)).toHaveCount(1);
  await expect(gatewayCell(gatewayRow(page, copy), "Server Address")).toHaveText(`dup-${suffix}.example`);
});

test("deleting a gateway that a domain uses moves the domain to round robin", async ({ page }) => {
  const suffix = uniqueSuffix();
  const gateway = { description: `In use ${suffix}`, address: `in-use-${suffix}.example` };
  const domain = `moved-${suffix}.example`;
  await createGateway(page, { ...gateway, type: "Specific Domains" });
  await createDomain(page, domain, gatewayOptionLabel(gateway));

  await page.goto("/gateways");
  const row = gatewayRow(page, gateway.description);
  await expect(gatewayCell(row, "Domains")).toHaveText("1");
  await row.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Delete gateway" });
  await expect(dialog.getByTestId("delete-gateway-domains")).toContainText(domain);
  await dialog.getByRole("button", { name: "Delete and move these domains to Round robin" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);

  await page.goto("/domains");
  await expect(domainRow(page, domain).getByRole("cell").nth(1)).toHaveText(ROUND_ROBIN_LABEL);
});
