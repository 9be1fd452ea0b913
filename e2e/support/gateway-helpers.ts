import { expect, type Locator, type Page } from "@playwright/test";
import { formatHostPort } from "../../lib/validation/hostname";

/** A short suffix that keeps names unique across tests and runs (hostname-safe: lower-case letters, digits, "-"). */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export type GatewayFields = {
  description: string;
  address: string;
  port?: number;
  /** The Encryption option's label, such as "SSL/TLS". */
  encryption?: string;
  type?: "Round Robin" | "Specific Domains";
  auth?: { username: string; password: string };
  smartermail?: { url: string; username: string; password: string };
};

/** The grid's columns, in order, so a test can name the cell it checks. */
const GRID_COLUMNS = ["Description", "Server Address", "Port", "Encryption", "Type", "Status", "Health", "Limits", "Weight", "Auth", "Domains", "Spool Count", "Actions"] as const;

export function gatewaysGrid(page: Page): Locator {
  return page.getByRole("table", { name: "Outbound gateways" });
}

/** The grid row whose Description cell reads exactly `description`. */
export function gatewayRow(page: Page, description: string): Locator {
  return gatewaysGrid(page)
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: description, exact: true }) });
}

export function gatewayCell(row: Locator, column: (typeof GRID_COLUMNS)[number]): Locator {
  return row.getByRole("cell").nth(GRID_COLUMNS.indexOf(column));
}

/** Fills the fields most tests need; a test that checks a field itself fills it by hand. */
export async function fillGatewayForm(page: Page, fields: GatewayFields): Promise<void> {
  await page.getByLabel("Server Address", { exact: true }).fill(fields.address);
  if (fields.encryption) await page.getByLabel("Encryption", { exact: true }).selectOption({ label: fields.encryption });
  if (fields.port !== undefined) await page.getByLabel("Port", { exact: true }).fill(String(fields.port));
  if (fields.type) await page.getByLabel("Type", { exact: true }).selectOption({ label: fields.type });
  if (fields.auth) {
    await page.getByLabel("Enable Authentication", { exact: true }).check();
    await page.getByLabel("Auth Username", { exact: true }).fill(fields.auth.username);
    await page.getByLabel("Auth Password", { exact: true }).fill(fields.auth.password);
  }
  await page.getByLabel("Description", { exact: true }).fill(fields.description);
  if (fields.smartermail) {
    await page.getByLabel("Enable SmarterMail gateway mode", { exact: true }).check();
    await page.getByLabel("SmarterMail URL", { exact: true }).fill(fields.smartermail.url);
    await page.getByLabel("SmarterMail Username", { exact: true }).fill(fields.smartermail.username);
    await page.getByLabel("SmarterMail Password", { exact: true }).fill(fields.smartermail.password);
  }
}

/** Creates a gateway through the New form and returns its id (read from the row's Edit link). */
export async function createGateway(page: Page, fields: GatewayFields): Promise<string> {
  await page.goto("/gateways/new");
  // Checking "Enable Authentication" shows its fields through React: wait for hydration, not only for the HTML.
  await expect(page.getByTestId("console-sidebar")).toHaveAttribute("data-hydrated", "true");
  await fillGatewayForm(page, fields);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/gateways$/);
  return gatewayIdFromGrid(page, fields.description);
}

export async function gatewayIdFromGrid(page: Page, description: string): Promise<string> {
  const href = await gatewayRow(page, description).getByRole("link", { name: `Edit ${description}`, exact: true }).getAttribute("href");
  const id = href?.match(/^\/gateways\/([0-9a-f-]{36})$/)?.[1];
  if (!id) throw new Error(`No edit link for gateway "${description}" (href ${href})`);
  return id;
}

/** The New gateway form's port when a test leaves Port and Encryption alone. */
const FORM_DEFAULT_PORT = 25;

/** How the domain form's select (and the domains grid) names a gateway: "description (host:port)". */
export function gatewayOptionLabel(fields: Pick<GatewayFields, "description" | "address" | "port">): string {
  return `${fields.description} (${formatHostPort(fields.address, fields.port ?? FORM_DEFAULT_PORT)})`;
}
