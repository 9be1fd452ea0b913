import { expect, test } from "@playwright/test";
import { startTestSmtpServer, type TestSmtpServer } from "../test/smtp/start-test-smtp-server";
import { createGateway, gatewayCell, gatewayRow, uniqueSuffix } from "./support/gateway-helpers";
import { readTrustedGatewayCertificates } from "./support/trusted-gateway-certificates";

/**
 * Issue 13: with "Verify certificate" on, a gateway whose certificate is trusted but made out to another name fails
 * at STARTTLS with that reason (RFC 3207 §4.1, RFC 6125 identity check), in Test connection and in the grid's
 * health — and the same server with a certificate for its address passes, so the name is what failed.
 */
test.describe("a gateway's certificate is checked against its address", () => {
  let server: TestSmtpServer | undefined;
  test.afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test("a trusted certificate for the gateway's address passes Test connection with verification on", async ({ page }) => {
    server = await startTestSmtpServer({ tls: "starttls", certificate: readTrustedGatewayCertificates().matching });
    await page.goto("/gateways/new");
    await page.getByLabel("Server Address", { exact: true }).fill("127.0.0.1");
    await page.getByLabel("Encryption", { exact: true }).selectOption("STARTTLS_REQUIRED");
    await page.getByLabel("Port", { exact: true }).fill(String(server.port));
    await expect(page.getByLabel("Verify certificate", { exact: true })).toBeChecked();
    await page.getByLabel("Description", { exact: true }).fill(`Certificate ${uniqueSuffix()}`);
    await page.getByRole("button", { name: "Test SMTP connection" }).click();
    const transcript = page.getByTestId("connection-transcript");
    await expect(transcript).toHaveAttribute("data-ok", "true");
    await expect(transcript.locator('[data-step="STARTTLS"]')).toContainText("certificate for localhost");
  });

  test("a trusted certificate made out to another name fails at STARTTLS, says so, and the grid shows the gateway Down for it", async ({ page }) => {
    server = await startTestSmtpServer({ tls: "starttls", certificate: readTrustedGatewayCertificates().otherName });
    const description = `Other name ${uniqueSuffix()}`;
    await page.goto("/gateways/new");
    await page.getByLabel("Server Address", { exact: true }).fill("127.0.0.1");
    await page.getByLabel("Encryption", { exact: true }).selectOption("STARTTLS_REQUIRED");
    await page.getByLabel("Port", { exact: true }).fill(String(server.port));
    await expect(page.getByLabel("Verify certificate", { exact: true })).toBeChecked();
    await page.getByLabel("Description", { exact: true }).fill(`Certificate ${uniqueSuffix()}`);
    await page.getByRole("button", { name: "Test SMTP connection" }).click();
    const transcript = page.getByTestId("connection-transcript");
    await expect(transcript).toHaveAttribute("data-ok", "false");
    const startTls = transcript.locator('[data-step="STARTTLS"]');
    await expect(startTls).toContainText("certificate for mail.other.example");
    await expect(startTls).toContainText("ERR_TLS_CERT_ALTNAME_INVALID");
    await expect(transcript.getByRole("status")).toContainText("The certificate is for another name");
    expect(server.messages).toHaveLength(0);

    await createGateway(page, { description, address: "127.0.0.1", port: server.port, encryption: "STARTTLS (required)" });
    const health = gatewayCell(gatewayRow(page, description), "Health");
    await expect(health.locator("[data-health-state]")).toHaveAttribute("data-health-state", "DOWN");
    // Checked against the address the admin typed (RFC 6125 §6.2.1), not some default name.
    await expect(health).toContainText("IP: 127.0.0.1 is not in the cert's list");
  });
});
