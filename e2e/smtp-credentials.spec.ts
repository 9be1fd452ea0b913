import net from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { confirmWith, toast } from "./support/console-ui";
import { connectToE2eDatabase } from "./support/e2e-database";
import { uniqueSuffix } from "./support/gateway-helpers";

const credentialRow = (page: Page, name: string) => page.getByTestId("smtp-credentials-grid").locator(`tr[data-name="${name}"]`);

async function openNewCredentialForm(page: Page) {
  await page.goto("/smtp");
  await page.getByRole("link", { name: "New credential", exact: true }).click();
  await expect(page).toHaveURL(/\/smtp\/new$/);
  return page.getByTestId("smtp-credential-form");
}

test("an SMTP credential is created with its password shown once, listed, and revoked", async ({ page }) => {
  const suffix = uniqueSuffix();
  const name = `Exchange ${suffix}`;
  const username = `exchange-${suffix}`;

  const form = await openNewCredentialForm(page);
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Username", { exact: true }).fill(username.toUpperCase());
  await form.getByLabel("Allowed client networks", { exact: true }).fill("192.0.2.10\n10.0.0.0/8");
  await form.getByRole("button", { name: "Create", exact: true }).click();

  const password = page.getByTestId("created-smtp-password");
  await expect(password).toHaveText(/^[A-Za-z0-9_-]{24}$/);
  const shown = (await password.textContent())!.trim();
  await expect(page.getByTestId("created-smtp-username")).toHaveText(username);
  await expect(toast(page, `Created the SMTP credential "${name}".`, "success")).toBeVisible();
  await page.getByRole("button", { name: "Done", exact: true }).click();
  await expect(page).toHaveURL(/\/smtp$/);

  const row = credentialRow(page, name);
  await expect(row.getByRole("cell")).toHaveText([name, username, "All hosted domains", "192.0.2.10/32, 10.0.0.0/8", /./, "Never", "Revoke"]);
  // Once means once: neither the list nor a reload shows the password again.
  await page.reload();
  await expect(credentialRow(page, name)).toHaveCount(1);
  expect(await page.content()).not.toContain(shown);

  await row.getByRole("button", { name: `Revoke ${name}`, exact: true }).click();
  await confirmWith(page, "Revoke SMTP credential", "Revoke");
  await expect(row.getByText("Revoked", { exact: true })).toBeVisible();
});

test("the form refuses IP-only relay without a network and a malformed network, next to the field", async ({ page }) => {
  const suffix = uniqueSuffix();
  const form = await openNewCredentialForm(page);
  await form.getByLabel("Name", { exact: true }).fill(`Printer ${suffix}`);
  await form.getByLabel("Username", { exact: true }).fill(`printer-${suffix}`);
  await form.getByLabel("IP-only relay", { exact: true }).check();
  await form.getByRole("button", { name: "Create", exact: true }).click();
  const networks = form.getByLabel("Allowed client networks", { exact: true });
  await expect(networks).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator("#smtp-networks-error")).toHaveText(/at least one allowed network/);

  await networks.fill("printers.lan");
  await form.getByRole("button", { name: "Create", exact: true }).click();
  await expect(form.locator("#smtp-networks-error")).toHaveText(/"printers\.lan" is not an IP address or CIDR block/);
  await expect(page.getByTestId("created-smtp-password")).toHaveCount(0);
});

test("the form refuses IP-only relay for the whole internet next to the networks field, keeping what was typed", async ({ page }) => {
  const suffix = uniqueSuffix();
  const form = await openNewCredentialForm(page);
  await form.getByLabel("Name", { exact: true }).fill(`X3 ${suffix}`);
  await form.getByLabel("Username", { exact: true }).fill(`x3-${suffix}`);
  const networks = form.getByLabel("Allowed client networks", { exact: true });
  await networks.fill("0.0.0.0/0");
  await form.getByLabel("IP-only relay", { exact: true }).check();
  await form.getByRole("button", { name: "Create", exact: true }).click();
  await expect(networks).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator("#smtp-networks-error")).toHaveText(/^"0\.0\.0\.0\/0" is too wide for IP-only relay: .*\/8 or narrower/);
  await expect(networks).toHaveValue("0.0.0.0/0");
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue(`X3 ${suffix}`);
  await expect(form.getByLabel("IP-only relay", { exact: true })).toBeChecked();

  await networks.fill("0.0.0.0/1\n128.0.0.0/1");
  await form.getByRole("button", { name: "Create", exact: true }).click();
  await expect(form.locator("#smtp-networks-error")).toHaveText(/"0\.0\.0\.0\/1" is too wide for IP-only relay/);
  await expect(page.getByTestId("created-smtp-password")).toHaveCount(0);

  // The same network with a password (IP-only relay off) only says where the password may be used: created.
  await form.getByLabel("IP-only relay", { exact: true }).uncheck();
  await networks.fill("0.0.0.0/0");
  await form.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page.getByTestId("created-smtp-password")).toHaveText(/^[A-Za-z0-9_-]{24}$/);
});

test("a relay credential stored before the bound is flagged with what it still relays for", async ({ page }) => {
  const suffix = uniqueSuffix();
  const name = `Legacy relay ${suffix}`;
  const db = await connectToE2eDatabase();
  try {
    // Past the form, as rows created before the bound were.
    await db.query(`INSERT INTO smtp_credentials (id, name, username, password_hash, all_domains, allowed_networks, ip_relay) VALUES (gen_random_uuid(), $1, $2, 'x', true, $3, true)`, [
      name,
      `legacy-${suffix}`,
      ["0.0.0.0/0", "192.0.2.0/24"],
    ]);
  } finally {
    await db.end();
  }
  await page.goto("/smtp");
  const warning = credentialRow(page, name).getByTestId("smtp-relay-networks-warning");
  await expect(warning).toHaveText("Too wide for IP-only relay: 0.0.0.0/0; it relays without AUTH only for 192.0.2.0/24. Revoke it and create a narrower one.");
});

test("the TLS certificate panel shows the listener's certificate: subject, expiry, SHA-256 fingerprint, source", async ({ page }) => {
  await page.goto("/smtp");
  const panel = page.getByTestId("smtp-tls-certificate");
  await expect(panel.getByTestId("smtp-tls-subject")).toHaveText(/^CN=\S+/);
  await expect(panel.getByTestId("smtp-tls-fingerprint")).toHaveText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  await expect(panel.getByTestId("smtp-tls-not-after")).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  await expect(panel.getByTestId("smtp-tls-source")).toHaveAttribute("data-source", /^(self-signed|files)$/);
  const fingerprint = await panel.getByTestId("smtp-tls-fingerprint").textContent();
  // Kept, not made per request: the same certificate after a reload.
  await page.reload();
  await expect(page.getByTestId("smtp-tls-fingerprint")).toHaveText(fingerprint!);
  // The server's own listener serves that same certificate: no listener is said to serve another.
  await expect(page.getByTestId("smtp-tls-other-certificates")).toHaveCount(0);
});

test("a running listener that serves another certificate is named beside the panel, with its ports and fingerprint", async ({ page }) => {
  // As a listener started apart (`npm run smtp` with other certificate files) reports itself; gone after 30 s unseen.
  const fingerprint = Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, "0")).join(":");
  const database = await connectToE2eDatabase();
  const listenerId = `e2e-other-listener-${uniqueSuffix()}`;
  try {
    await database.query(
      `INSERT INTO smtp_listener_sessions (listener_id, sessions, seen_at, host, submission_port, tls_port, plain_port, certificate_subject, certificate_not_after, certificate_sha256)
       VALUES ($1, 0, now(), '127.0.0.1', 3588, 3466, NULL, 'CN=mail-b.example.test', now() + interval '90 days', $2)`,
      [listenerId, fingerprint],
    );
    await page.goto("/smtp");
    const other = page.getByTestId("smtp-tls-other-certificate");
    await expect(other).toHaveCount(1);
    await expect(other).toContainText("127.0.0.1 ports 3588, 3466: CN=mail-b.example.test, expires ");
    await expect(other.locator("code")).toHaveText(fingerprint);
  } finally {
    await database.query(`DELETE FROM smtp_listener_sessions WHERE listener_id = $1`, [listenerId]);
    await database.end();
  }
});

test("the connection settings say where clients connect: host name, each running port with its kind, settings to copy", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/smtp");
  const panel = page.getByTestId("smtp-connection-settings");
  const hostName = (await panel.getByTestId("smtp-host-name").textContent())!.trim();
  expect(hostName).toMatch(/^\S+$/);

  // The e2e server runs its listener on 127.0.0.1 with a submission and an implicit-TLS port (e2e/support/global-setup.ts).
  const ports = panel.getByTestId("smtp-ports");
  const submission = ports.locator('tr[data-kind="submission"]');
  const tls = ports.locator('tr[data-kind="tls"]');
  await expect(submission.getByRole("cell")).toHaveText([/^\d+$/, /Submission with STARTTLS/, "STARTTLS", /after STARTTLS/, /127\.0\.0\.1, loopback only/, "Running"]);
  await expect(tls.getByRole("cell")).toHaveText([/^\d+$/, /implicit TLS/, "SSL/TLS", /AUTH PLAIN or LOGIN/, /127\.0\.0\.1/, "Running"]);
  await expect(ports.locator('tr[data-kind="plain"]')).toHaveCount(0);

  // The port shown is the one that answers: an SMTP greeting from Outgate.
  const port = Number(await submission.getAttribute("data-port"));
  expect(await readGreeting(port)).toMatch(/^220 \S+ ESMTP Outgate/);

  const settings = page.getByTestId(`smtp-client-settings-${port}`);
  const expected = `Server: ${hostName}\nPort: ${port}\nSecurity: STARTTLS\nAuthentication: PLAIN or LOGIN, with an SMTP credential's username and password`;
  await expect(settings.getByTestId("smtp-client-settings-text")).toHaveText(expected);
  await settings.getByRole("button", { name: `Copy the client settings for port ${port}`, exact: true }).click();
  await expect(settings.getByText("Copied.", { exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);

  await settings.getByText("Postfix (relayhost)", { exact: true }).click();
  await expect(settings.getByTestId("smtp-postfix-settings")).toContainText(`relayhost = [${hostName}]:${port}`);
});

/** The first reply line of the SMTP server on 127.0.0.1:port. */
function readGreeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(5000, () => socket.destroy(new Error("no greeting within 5 s")));
    socket.once("data", (chunk) => {
      resolve(chunk.toString("latin1").split("\r\n")[0]);
      socket.end("QUIT\r\n");
    });
    socket.once("error", reject);
  });
}
