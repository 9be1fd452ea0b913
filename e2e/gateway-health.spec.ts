import { expect, test } from "@playwright/test";
import { startTestSmtpServer, type TestSmtpServer } from "../test/smtp/start-test-smtp-server";
import { createGateway, gatewayCell, gatewayRow, uniqueSuffix } from "./support/gateway-helpers";

/**
 * Issue 13: the grid shows each gateway's health from the shared probes (every 2 s in e2e, see global-setup) and
 * refreshes it without a reload: a stopped gateway turns Down with its error, and Healthy again once it is back.
 */
test("a gateway whose SMTP server stops shows Down with the error, and Healthy once it is back, without a reload", async ({ page }) => {
  let server: TestSmtpServer = await startTestSmtpServer();
  const port = server.port;
  try {
    const description = `Probed ${uniqueSuffix()}`;
    await createGateway(page, { description, address: "127.0.0.1", port, encryption: "None" });
    await page.goto("/gateways");
    const health = gatewayCell(gatewayRow(page, description), "Health");
    await expect(health.locator("[data-health-state]")).toHaveAttribute("data-health-state", "HEALTHY");
    await expect(health).toContainText(/Last success \d\d:\d\d:\d\d UTC · \d+ ms/);

    await server.close();
    await expect(health.locator("[data-health-state]")).toHaveAttribute("data-health-state", "DOWN");
    await expect(health).toContainText("Down");
    await expect(health).toContainText("ECONNREFUSED");
    // The failed probe's time is not shown as if it were the last success's.
    await expect(health).toContainText(/last probe failed after \d+ ms/);
    await expect(health).not.toContainText(/UTC · \d+ ms/);

    server = await startTestSmtpServer({ port });
    await expect(health.locator("[data-health-state]")).toHaveAttribute("data-health-state", "HEALTHY");
    await expect(health).not.toContainText("ECONNREFUSED");
  } finally {
    await server.close();
  }
});

test("Test connection shows every step for a STARTTLS + AUTH gateway, names AUTH for a wrong password, and Send test message arrives", async ({ page }) => {
  const server = await startTestSmtpServer({ tls: "starttls", auth: { user: "relay", pass: "right password" } });
  try {
    const description = `Tested ${uniqueSuffix()}`;
    await page.goto("/gateways/new");
    await page.getByLabel("Server Address", { exact: true }).fill("127.0.0.1");
    await page.getByLabel("Encryption", { exact: true }).selectOption("STARTTLS_REQUIRED");
    await page.getByLabel("Port", { exact: true }).fill(String(server.port));
    // The test server's certificate is self-signed.
    await page.getByLabel("Verify certificate", { exact: true }).uncheck();
    await page.getByLabel("Enable Authentication", { exact: true }).check();
    await page.getByLabel("Auth Username", { exact: true }).fill("relay");
    await page.getByLabel("Auth Password", { exact: true }).fill("wrong password");
    await page.getByLabel("Description", { exact: true }).fill(description);

    // Unsaved values, wrong password: the transcript stops at AUTH and says what to change.
    await page.getByRole("button", { name: "Test SMTP connection" }).click();
    const transcript = page.getByTestId("connection-transcript");
    await expect(transcript).toHaveAttribute("data-ok", "false");
    await expect(transcript.getByRole("status")).toContainText("Failed at AUTH: The username or password is wrong.");
    await expect(transcript.getByTestId("transcript-step").last()).toHaveAttribute("data-step", "AUTH");
    await expect(transcript.locator('[data-step="STARTTLS"]')).toContainText("certificate for localhost");

    await page.getByLabel("Auth Password", { exact: true }).fill("right password");
    await page.getByLabel("Test recipient", { exact: true }).fill("ops@dest.example");
    await page.getByRole("button", { name: "Test SMTP connection" }).click();
    await expect(transcript).toHaveAttribute("data-ok", "true");
    const steps = transcript.getByTestId("transcript-step");
    await expect(steps).toHaveCount(10);
    await expect(transcript.locator('[data-step="AUTH"]')).toContainText("signed in as relay with");
    await expect(transcript.locator('[data-step="RSET"]')).toContainText("nothing was sent");
    expect(server.messages).toHaveLength(0);

    await page.getByRole("button", { name: "Save" }).click();
    await expect(page).toHaveURL(/\/gateways$/);
    await gatewayRow(page, description).getByRole("link", { name: `Edit ${description}`, exact: true }).click();
    await expect(page.getByRole("heading", { name: "Edit outbound gateway" })).toBeVisible();
    await page.getByLabel("Test recipient", { exact: true }).fill("ops@dest.example");
    await page.getByRole("button", { name: "Send test message" }).click();
    await expect(page.getByText("Test message queued.")).toBeVisible();
    await expect.poll(() => server.messages.length, { timeout: 15_000 }).toBe(1);
    expect(server.messages[0].to).toEqual(["ops@dest.example"]);
    await page.getByRole("link", { name: "Follow it in Messages" }).click();
    await expect(page).toHaveURL(/\/messages\/[0-9a-f-]{36}$/);
    await expect(page.getByText(`Outgate test message through ${description}`).first()).toBeVisible();
  } finally {
    await server.close();
  }
});

test("Test from the grid runs with the stored settings and shows the transcript", async ({ page }) => {
  const server = await startTestSmtpServer();
  try {
    const description = `Grid test ${uniqueSuffix()}`;
    await createGateway(page, { description, address: "127.0.0.1", port: server.port, encryption: "None" });
    await gatewayRow(page, description).getByRole("button", { name: `Test ${description}`, exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `Test connection: ${description}` });
    await expect(dialog.getByTestId("connection-transcript")).toHaveAttribute("data-ok", "true");
    await expect(dialog.locator('[data-step="Connect"]')).toContainText(`port ${server.port}`);
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();
  } finally {
    await server.close();
  }
});

test("Test SMTP connection in a new gateway's form runs before a Description is typed", async ({ page }) => {
  const server = await startTestSmtpServer();
  try {
    await page.goto("/gateways/new");
    await expect(page.getByTestId("console-sidebar")).toHaveAttribute("data-hydrated", "true");
    await page.getByLabel("Server Address", { exact: true }).fill("127.0.0.1");
    await page.getByLabel("Encryption", { exact: true }).selectOption({ label: "None" });
    await page.getByLabel("Port", { exact: true }).fill(String(server.port));
    await expect(page.getByLabel("Description", { exact: true })).toHaveValue("");

    await page.getByRole("button", { name: "Test SMTP connection" }).click();
    const transcript = page.getByTestId("connection-transcript");
    await expect(transcript).toHaveAttribute("data-ok", "true");
    await expect(transcript.locator('[data-step="RSET"]')).toContainText("nothing was sent");
    await expect(page.getByText("Enter a description.")).toHaveCount(0);
  } finally {
    await server.close();
  }
});
