import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/platform/db";
import { buildRaw, queueRaw, setUpConformance } from "./conformance-kit";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// What Outgate refuses itself, before sending, because of what the gateway's EHLO lacks (SIZE, 8BITMIME, SMTPUTF8),
// is reported in the DSN with the RFC 3463 / RFC 5248 code for that reason — not 5.4.7 ("delivery time expired"),
// which says the opposite of what happened: nothing was ever tried twice, and trying again cannot help.

const conformance = setUpConformance();
const EIGHT_BIT_MULTIPART = [
  'Content-Type: multipart/mixed; boundary="b"',
  "Content-Transfer-Encoding: 8bit",
];
const MULTIPART_BODY = "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\xff\xfe\r\n--b--\r\n";

/** The DSN Outgate queued about `id`, once a drain has failed it. */
async function dsnAbout(id: string): Promise<string> {
  const dsn = await getDb().message.findFirstOrThrow({ where: { bounceOfId: id }, select: { raw: true } });
  return Buffer.from(dsn.raw).toString("utf8");
}

describe("the DSN status of a refusal Outgate makes itself", () => {
  it.each([
    ["a message over the gateway's SIZE", "5.3.4", { extensions: { size: 2_000 } }, { body: `${"x".repeat(76)}\r\n`.repeat(60) }],
    ["8-bit content that cannot be re-encoded, gateway without 8BITMIME", "5.6.3", { strict: true, extensions: { eightBitMime: false } }, { headers: EIGHT_BIT_MULTIPART, body: Buffer.from(MULTIPART_BODY, "latin1") }],
    ["a non-ASCII recipient in the envelope only, gateway without SMTPUTF8", "5.6.7", { strict: true, extensions: { smtpUtf8: false } }, { envelopeTo: ["jürgen@example.net"] }],
    ["UTF-8 header fields, gateway without SMTPUTF8", "5.6.9", { strict: true, extensions: { smtpUtf8: false } }, { to: ["jürgen@example.net"] }],
  ] as const)("%s → Status %s", async (_name, status, script, input) => {
    const server = await conformance.startScripted(script);
    await conformance.gateway(server.port);
    const { envelopeTo, ...fields } = { envelopeTo: undefined, ...input } as { envelopeTo?: readonly string[]; to?: readonly string[]; headers?: readonly string[]; body?: string | Buffer };
    const { raw } = buildRaw({ ...fields, to: fields.to ? [...fields.to] : undefined, headers: fields.headers ? [...fields.headers] : undefined });
    const { id } = await queueRaw({ to: [...(envelopeTo ?? fields.to ?? ["rcpt@example.net"])], raw });

    await conformance.drain();
    expect(await dsnAbout(id)).toMatch(new RegExp(`^Status: ${status.replace(/\./g, "\\.")}\\r$`, "m"));
  });
});
