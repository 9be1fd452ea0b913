import { domainToASCII } from "node:url";
import { expect, test, type Locator } from "@playwright/test";
import { createApiKey, apiKeyRow } from "./support/api-key-helpers";
import { createDomain, domainRow } from "./support/domain-helpers";
import { fillGatewayForm, gatewaysGrid, uniqueSuffix } from "./support/gateway-helpers";
import { messageRow } from "./support/message-helpers";

// Issue 12, kind 12: what an admin reads is what is stored. Bidi controls (U+202A–202E, U+2066–2069, U+200E/200F,
// U+061C) in text a client or an admin wrote are shown as "⟨U+202E⟩", never obeyed, and an internationalised domain
// shows its Unicode and its ASCII (punycode) form side by side.

/** No character of the text reorders what follows it. */
async function expectNoBidiControls(locator: Locator) {
  expect(await locator.innerText()).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
}

test("bidi controls are shown escaped and IDN domains in both forms", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const unicodeDomain = `bücher-${suffix}.example`;
  const asciiDomain = domainToASCII(unicodeDomain);
  expect(asciiDomain).toMatch(/^xn--/);

  // A gateway whose description reverses what follows, at an IDN host; Specific Domains with none, so nothing uses it.
  const description = `Relay \u202Eyaler\u202C ${suffix}`;
  await page.goto("/gateways/new");
  await fillGatewayForm(page, { description, address: `smtp.${unicodeDomain}`, port: 2525, type: "Specific Domains" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/gateways$/);
  const gatewayRow = gatewaysGrid(page).getByRole("row").filter({ hasText: suffix });
  await expect(gatewayRow.getByRole("cell").nth(0)).toHaveText(`Relay ⟨U+202E⟩yaler⟨U+202C⟩ ${suffix}`);
  await expect(gatewayRow.getByRole("cell").nth(1)).toHaveText(`smtp.${unicodeDomain} (smtp.${asciiDomain})`);
  await expectNoBidiControls(gatewayRow);
  // The Test dialog names the gateway the same way.
  await gatewayRow.getByRole("button", { name: `Test ${description}`, exact: true }).click();
  const testDialog = page.getByRole("dialog");
  await expect(testDialog.getByRole("heading", { level: 2 })).toHaveText(`Test connection: Relay ⟨U+202E⟩yaler⟨U+202C⟩ ${suffix}`);
  await testDialog.getByRole("button", { name: "Close", exact: true }).click();
  await expect(testDialog).toHaveCount(0);

  await createDomain(page, unicodeDomain);
  await expect(domainRow(page, asciiDomain).getByRole("cell").first()).toHaveText(`${unicodeDomain} (${asciiDomain})`);

  const keyName = `App \u2067${suffix}\u2069 \u200F`;
  const key = await createApiKey(page, keyName);
  await expect(apiKeyRow(page, keyName).getByRole("cell").first()).toHaveText(`App ⟨U+2067⟩${suffix}⟨U+2069⟩ ⟨U+200F⟩`);

  const subject = `Invoice \u202Efdp.exe ${suffix}`;
  const shownSubject = `Invoice ⟨U+202E⟩fdp.exe ${suffix}`;
  const answer = await request.post("/api/v1/messages", {
    headers: { Authorization: `Bearer ${key}` },
    data: { from: `Me <me@${unicodeDomain}>`, to: `rcpt-${suffix}@dest.example`, subject, text: "x" },
  });
  expect(answer.status(), await answer.text()).toBe(202);
  const { id } = (await answer.json()) as { id: string };

  await page.goto("/messages");
  const row = messageRow(page, id);
  await expect(row.getByRole("link", { name: shownSubject, exact: true })).toBeVisible();
  await expect(row.getByRole("cell").nth(2)).toHaveText(`me@${unicodeDomain} (me@${asciiDomain})`); // after the selection checkbox and Status
  await expectNoBidiControls(row);

  await row.getByRole("link", { name: shownSubject }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(shownSubject);
  const summary = page.getByTestId("message-summary");
  const summaryRow = (label: string) => summary.getByRole("row").filter({ has: page.getByRole("rowheader", { name: label, exact: true }) }).getByRole("cell");
  await expect(summaryRow("Subject")).toHaveText(shownSubject);
  await expect(summaryRow("Sender")).toHaveText(`me@${unicodeDomain} (me@${asciiDomain})`);
  await expect(summaryRow("API key")).toHaveText(/^App ⟨U\+2067⟩.*⟨U\+2069⟩ ⟨U\+200F⟩ \(og_/);
  await expectNoBidiControls(page.locator("main"));
});
