import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/platform/db";
import type { SmtpScript } from "@/test/smtp/scripted-smtp-server";
import { closedPort } from "../create-test-gateway";
import { buildRaw, copiesOf, isCoolingDown, isCopyOf, loadMessage, queueRaw, setUpConformance } from "./conformance-kit";
import { waitForWindowRoom } from "@/test/clock-windows";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// Issue 11 (found by a new-user trial — lost mail): what Outgate refuses itself because ONE gateway's EHLO lacks
// something (SMTPUTF8, 8BITMIME for content that cannot be downgraded, a SIZE under the message) means "this gateway
// cannot take it", not "nobody can": the message goes on to the next gateway of its route in the same attempt, and
// fails (with the DSN and the RFC 3463 status) only when no gateway of its route can take it. The gateway that could
// not take it is healthy: it is not cooled down.

const conformance = setUpConformance();
const MESSAGES = 4;
const EIGHT_BIT_MULTIPART = ['Content-Type: multipart/mixed; boundary="b"', "Content-Transfer-Encoding: 8bit"];
const MULTIPART_BODY = Buffer.from("--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\xff\xfe\r\n--b--\r\n", "latin1");
const BIG_BODY = `${"x".repeat(76)}\r\n`.repeat(60);

type Kind = { name: string; lacking: SmtpScript; offering: SmtpScript; status: string; input: { to?: string[]; envelopeTo?: string[]; headers?: string[]; body?: string | Buffer } };
const KINDS: Kind[] = [
  { name: "UTF-8 header fields (SMTPUTF8)", lacking: { strict: true, extensions: { smtpUtf8: false } }, offering: { strict: true }, status: "5.6.9", input: { to: ["jürgen@example.net"] } },
  { name: "a UTF-8 recipient address (SMTPUTF8)", lacking: { strict: true, extensions: { smtpUtf8: false } }, offering: { strict: true }, status: "5.6.7", input: { envelopeTo: ["jürgen@example.net"] } },
  { name: "8-bit content that cannot be downgraded (8BITMIME)", lacking: { strict: true, extensions: { eightBitMime: false } }, offering: { strict: true }, status: "5.6.3", input: { headers: EIGHT_BIT_MULTIPART, body: MULTIPART_BODY } },
  { name: "a message over one gateway's SIZE", lacking: { extensions: { size: 2_000 } }, offering: { extensions: { size: 100_000 } }, status: "5.3.4", input: { body: BIG_BODY } },
];

async function queueKind(kind: Kind) {
  const { envelopeTo, to, ...fields } = kind.input;
  const { raw } = buildRaw({ ...fields, to });
  return queueRaw({ to: envelopeTo ?? to ?? ["rcpt@example.net"], raw });
}

function dsnsAbout(ids: string[]) {
  return getDb().message.findMany({ where: { bounceOfId: { in: ids } }, select: { raw: true } });
}

describe("a gateway that lacks a capability does not fail mail another gateway of the route can deliver", () => {
  it.each(KINDS)("$name: every message reaches the gateway that can take it, once, none FAILED, no DSN", async (kind) => {
    const lacking = await conformance.startScripted(kind.lacking);
    const offering = await conformance.startScripted(kind.offering);
    const without = await conformance.gateway(lacking.port);
    await conformance.gateway(offering.port);
    const queued = [];
    for (let index = 0; index < MESSAGES; index += 1) queued.push(await queueKind(kind));

    await conformance.drain();
    for (const { id, tag } of queued) {
      expect((await loadMessage(id)).status).toBe("DELIVERED");
      expect(copiesOf(tag, offering)).toBe(1);
      expect(copiesOf(tag, lacking)).toBe(0);
    }
    expect(await dsnsAbout(queued.map(({ id }) => id))).toEqual([]);
    expect(await isCoolingDown(without.id)).toBe(false);
  });

  it.each(KINDS)("$name: FAILED with a $status DSN when no gateway of the route can take it", async (kind) => {
    const first = await conformance.startScripted(kind.lacking);
    const second = await conformance.startScripted(kind.lacking);
    const gateways = [await conformance.gateway(first.port), await conformance.gateway(second.port)];
    const { id, tag } = await queueKind(kind);

    await conformance.drain();
    const message = await loadMessage(id);
    expect(message.status).toBe("FAILED");
    expect(message.recipients.every((recipient) => recipient.smtpResponse?.includes(kind.status))).toBe(true);
    expect(copiesOf(tag, first, second)).toBe(0);
    const dsns = await dsnsAbout([id]);
    expect(dsns).toHaveLength(1);
    expect(Buffer.from(dsns[0].raw).toString("utf8")).toMatch(new RegExp(`^Status: ${kind.status.replace(/\./g, "\\.")}\\r$`, "m"));
    for (const gateway of gateways) expect(await isCoolingDown(gateway.id)).toBe(false);
  });

  it("a UTF-8 recipient with ASCII ones: each recipient delivered once, the UTF-8 one by the gateway with SMTPUTF8", async () => {
    const lacking = await conformance.startScripted({ strict: true, extensions: { smtpUtf8: false } });
    const offering = await conformance.startScripted({ strict: true });
    await conformance.gateway(lacking.port);
    await conformance.gateway(offering.port);
    const recipients = ["jürgen@example.net", "anna@example.net", "bob@example.net"];
    const queued = [];
    for (let index = 0; index < MESSAGES; index += 1) queued.push(await queueRaw({ to: recipients, raw: buildRaw({ to: ["list@example.net"] }).raw }));

    await conformance.drain();
    for (const { id, tag } of queued) {
      const message = await loadMessage(id);
      expect(message.status).toBe("DELIVERED");
      expect(message.recipients.map((recipient) => recipient.status)).toEqual(["DELIVERED", "DELIVERED", "DELIVERED"]);
      const copies = [lacking, offering].flatMap((server) => server.accepted()).filter((received) => isCopyOf(received, tag));
      // Every recipient exactly once across both servers; the UTF-8 one never through the gateway without SMTPUTF8.
      expect(copies.flatMap((copy) => copy.to).sort()).toEqual([...recipients].sort());
      expect(lacking.accepted().filter((received) => isCopyOf(received, tag)).flatMap((copy) => copy.to)).not.toContain("jürgen@example.net");
    }
    expect(await dsnsAbout(queued.map(({ id }) => id))).toEqual([]);
    // Round robin began some of them at the gateway without SMTPUTF8: the split really happened.
    expect(lacking.accepted().length).toBeGreaterThan(0);
  });
  it("UTF-8 mail waits, not FAILED, while the other gateway of the route (which might take it) is down", async () => {
    const lacking = await conformance.startScripted({ strict: true, extensions: { smtpUtf8: false } });
    await conformance.gateway(lacking.port);
    await conformance.gateway(await closedPort());
    const queued = [];
    for (let index = 0; index < MESSAGES; index += 1) queued.push(await queueKind(KINDS[0]));

    await conformance.drain();
    // Whichever gateway round robin began with: the dead one might offer SMTPUTF8, so no message fails for good.
    for (const { id } of queued) expect((await loadMessage(id)).status).toBe("QUEUED");
    expect(await dsnsAbout(queued.map(({ id }) => id))).toEqual([]);
    expect(lacking.accepted()).toEqual([]);
  });

  it("a gateway that took the ASCII recipients and passed the UTF-8 one on keeps that message counted against its limit", async () => {
    const lacking = await conformance.startScripted({ strict: true, extensions: { smtpUtf8: false } });
    const offering = await conformance.startScripted({ strict: true });
    const limited = await conformance.gateway(lacking.port);
    await conformance.gateway(offering.port);
    await getDb().gateway.update({ where: { id: limited.id }, data: { perMinuteLimit: 100 } });
    for (let index = 0; index < MESSAGES; index += 1) await queueRaw({ to: ["jürgen@example.net", "anna@example.net"], raw: buildRaw({ to: ["list@example.net"] }).raw });

    // One long window (a clock hour, with a minute to spare): everything below happens inside it.
    await waitForWindowRoom(3_600_000, 60_000);
    await conformance.drain({ rateWindowSeconds: { minute: 3_600, hour: 7_200, day: 86_400 } });
    const sent = lacking.accepted().length;
    expect(sent).toBeGreaterThan(0);
    const [window] = await getDb().rateWindow.findMany({ where: { subject: `gateway:${limited.id}` } });
    expect(window.used).toBe(sent);
  });

  it.each([
    [true, "DELIVERED", 1],
    [false, "FAILED", 0],
  ] as const)("Specific Domains mail follows its domain's failover setting (failover to round robin: %s → %s)", async (failoverToRoundRobin, status, copies) => {
    const lacking = await conformance.startScripted({ strict: true, extensions: { smtpUtf8: false } });
    const offering = await conformance.startScripted({ strict: true });
    const pinned = await conformance.gateway(lacking.port, { type: "SPECIFIC_DOMAINS" });
    await conformance.gateway(offering.port);
    // queueRaw's sender domain.
    await getDb().domain.create({ data: { name: "example.org", gatewayId: pinned.id, failoverToRoundRobin } });
    const { id, tag } = await queueRaw({ raw: buildRaw({ to: ["jürgen@example.net"] }).raw, to: ["jürgen@example.net"] });

    await conformance.drain();
    expect((await loadMessage(id)).status).toBe(status);
    expect(copiesOf(tag, offering)).toBe(copies);
    expect(copiesOf(tag, lacking)).toBe(0);
    expect(await dsnsAbout([id])).toHaveLength(1 - copies);
    expect(await isCoolingDown(pinned.id)).toBe(false);
  });
});
