import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { MESSAGE_FILTER_STATUSES, messageFilterSchema, type MessageFilterInput } from "@/lib/validation/message-filter";
import { resetDatabase } from "@/test/db";
import { insertTestMessage, insertTestMessages } from "@/test/queue/insert-test-message";
import { buildMessageFilterWhere, countMessagesByFilter, selectMessagesByFilter } from "./select-messages-by-filter";

const select = async (input: MessageFilterInput) => (await selectMessagesByFilter(messageFilterSchema.parse(input), { limit: 100 })).map((row) => row.id).sort();
const sorted = (...ids: string[]) => [...ids].sort();

describe("buildMessageFilterWhere", () => {
  it("never puts a value in the SQL text, only numbered parameters", () => {
    const hostile = "x'; DROP TABLE messages; --";
    const filter = messageFilterSchema.parse({ sender: hostile, subject: hostile, recipient: hostile, messageId: hostile });
    const { where, values } = buildMessageFilterWhere(filter, { firstParam: 3 });
    expect(where).not.toContain("DROP");
    expect(where).toContain("$3");
    expect(where).toContain("$6");
    expect(values).toHaveLength(4);
    expect(buildMessageFilterWhere(messageFilterSchema.parse({}))).toEqual({ where: "TRUE", values: [] });
  });
});

describe("selectMessagesByFilter", () => {
  beforeEach(resetDatabase);

  it("matches each field the way its help text promises", async () => {
    const alice = await insertTestMessage({ from: "Alice@example.org", to: ["bob.jones@example.net"], subject: "Invoice 42 for November" });
    const carol = await insertTestMessage({ from: "carol@shop.example", to: ["dave@example.net", "erin@other.test"], subject: "Your order" });
    const gateway = await getDb().gateway.create({ data: { description: "gw", address: "smtp.example", port: 25, encryption: "NONE", type: "ROUND_ROBIN" }, select: { id: true } });
    const key = await getDb().apiKey.create({ data: { name: "k", prefix: "og_test", keyHash: "h".repeat(64) }, select: { id: true } });
    await getDb().message.update({ where: { id: carol.id }, data: { lastGatewayId: gateway.id, status: "FAILED", apiKeyId: key.id } });

    expect(await select({ sender: "alice@EXAMPLE.org" })).toEqual([alice.id]);
    // Sender: contains, any case — the part of an address an admin remembers.
    expect(await select({ sender: "alice@" })).toEqual([alice.id]);
    expect(await select({ sender: "SHOP.example" })).toEqual([carol.id]);
    expect(await select({ sender: "example" })).toEqual(sorted(alice.id, carol.id));
    expect(await select({ sender: "mallory" })).toEqual([]);
    expect(await select({ recipient: "JONES" })).toEqual([alice.id]);
    expect(await select({ recipient: "example.net" })).toEqual(sorted(alice.id, carol.id));
    expect(await select({ recipient: "erin@" })).toEqual([carol.id]);
    expect(await select({ subject: "invoice 42" })).toEqual([alice.id]);
    expect(await select({ messageId: `<${alice.messageId}>` })).toEqual([alice.id]);
    expect(await select({ messageId: alice.messageId.slice(0, 8) })).toEqual([]); // exact by default
    expect(await select({ messageId: alice.messageId.slice(0, 8), messageIdMatch: "prefix" })).toEqual([alice.id]);
    expect(await select({ status: "failed" })).toEqual([carol.id]);
    expect(await select({ status: "queued" })).toEqual([alice.id]);
    expect(await select({ gatewayId: gateway.id })).toEqual([carol.id]);
    expect(await select({ senderDomain: "SHOP.example" })).toEqual([carol.id]);
    expect(await select({ apiKeyId: key.id })).toEqual([carol.id]);
    // Fields combine with AND.
    expect(await select({ recipient: "example.net", status: "queued" })).toEqual([alice.id]);
    expect(await select({ recipient: "example.net", senderDomain: "example.org", status: "failed" })).toEqual([]);
  });

  it("finds bounces and other DSNs by their null sender, <>", async () => {
    const bounce = await insertTestMessage({ from: "", senderDomain: "example.org", isBounce: true, subject: "Undelivered Mail Returned to Sender" });
    await insertTestMessage({ from: "mailer@example.org", subject: "Undelivered Mail Returned to Sender" });
    expect(await select({ sender: "<>" })).toEqual([bounce.id]);
    expect(await select({ sender: " <> ", subject: "undelivered" })).toEqual([bounce.id]);
    expect((await countMessagesByFilter(messageFilterSchema.parse({ sender: "<>" }))).total).toBe(1);
  });

  it("matches subject and sender in any case beyond ASCII (the database's Unicode case mapping)", async () => {
    const umlaut = await insertTestMessage({ from: "jürgen@example.org", subject: "Über die BRÜCKE" });
    await insertTestMessage({ from: "other@example.org", subject: "Uber die Brucke" });
    expect(await select({ subject: "über die brücke" })).toEqual([umlaut.id]);
    expect(await select({ subject: "ÜBER" })).toEqual([umlaut.id]);
    expect(await select({ sender: "JÜRGEN" })).toEqual([umlaut.id]);
  });

  it("selects by source: via SMTP or the API, one SMTP credential, one API key", async () => {
    const api = await insertTestMessage({ subject: "came over HTTP" });
    const [first, second, relayed] = await insertTestMessages(3, { subject: "came over SMTP" });
    const key = await getDb().apiKey.create({ data: { name: "k", prefix: "og_src", keyHash: "s".repeat(64) }, select: { id: true } });
    const credential = await getDb().smtpCredential.create({ data: { name: "relay", username: "relay-src", passwordHash: "x" }, select: { id: true } });
    const other = await getDb().smtpCredential.create({ data: { name: "other", username: "other-src", passwordHash: "x" }, select: { id: true } });
    await getDb().message.update({ where: { id: api.id }, data: { apiKeyId: key.id } });
    await getDb().message.updateMany({ where: { id: { in: [first.id, second.id] } }, data: { submittedVia: "smtp", smtpCredentialId: credential.id } });
    await getDb().message.update({ where: { id: relayed.id }, data: { submittedVia: "smtp", smtpCredentialId: other.id } });

    expect(await select({ submittedVia: "smtp" })).toEqual(sorted(first.id, second.id, relayed.id));
    expect(await select({ submittedVia: "API" })).toEqual([api.id]);
    // Outgate's own DSNs came over neither: "via the API" leaves them out.
    await insertTestMessage({ subject: "Undelivered Mail Returned to Sender", isBounce: true });
    expect(await select({ submittedVia: "api" })).toEqual([api.id]);
    expect(await select({ smtpCredentialId: credential.id.toUpperCase() })).toEqual(sorted(first.id, second.id));
    expect(await select({ smtpCredentialId: other.id })).toEqual([relayed.id]);
    expect(await select({ apiKeyId: key.id })).toEqual([api.id]);
    // Contradictions select nothing rather than fail.
    expect(await select({ smtpCredentialId: credential.id, submittedVia: "api" })).toEqual([]);
    expect((await countMessagesByFilter(messageFilterSchema.parse({ submittedVia: "smtp" }))).total).toBe(3);
  });

  it("finds an internationalised domain typed in Unicode, stored as its A-label, in Recipient and Sender", async () => {
    // Addresses are stored as SMTP sends them: the local part as written, the domain in ASCII (normaliseMailbox).
    const books = await insertTestMessage({ from: "news@xn--bcher-kva.example", to: ["müller@xn--bcher-kva.example"] });
    const library = await insertTestMessage({ from: "desk@xn--bcherei-n2a.example", to: ["anna@shop.xn--bcherei-n2a.example"] });
    await insertTestMessage({ from: "plain@example.org", to: ["plain@example.net"] });

    for (const field of ["recipient", "sender"] as const) {
      expect(await select({ [field]: "bücher" }), `${field} "bücher"`).toEqual([books.id]);
      expect(await select({ [field]: "BÜCHER.example" }), `${field} "BÜCHER.example"`).toEqual([books.id]);
      expect(await select({ [field]: "@bücher" }), `${field} "@bücher"`).toEqual([books.id]);
      expect(await select({ [field]: "bücher.exa" }), `${field} "bücher.exa"`).toEqual([books.id]);
      expect(await select({ [field]: "bücherei" }), `${field} "bücherei"`).toEqual([library.id]);
      // Plain substrings still match the stored text: the A-label itself, and an ASCII part of it.
      expect(await select({ [field]: "xn--bcher" }), `${field} "xn--bcher"`).toEqual(sorted(books.id, library.id));
      // A term that is only the start of a label converts as a whole label would, so it cannot find a longer one:
      // "bücher" is "xn--bcher-kva", which "xn--bcherei-n2a" does not contain (documented on messageFilterSchema).
      expect(await select({ [field]: "ücher" }), `${field} "ücher"`).toEqual([]);
    }
    expect(await select({ recipient: "müller@bücher.example" })).toEqual([books.id]);
    expect(await select({ recipient: "MÜLLER" })).toEqual([books.id]); // a UTF-8 local part is matched as typed
    expect(await select({ sender: "news@BÜCHER" })).toEqual([books.id]);
    expect(await select({ recipient: "anna@shop.bücherei.example" })).toEqual([library.id]);
  });

  it("matches %, _ and backslash literally, and survives quotes", async () => {
    const percent = await insertTestMessage({ subject: "100% off_today \\o/" });
    await insertTestMessage({ subject: "1000 offXtoday" });
    expect(await select({ subject: "100%" })).toEqual([percent.id]);
    expect(await select({ subject: "f_t" })).toEqual([percent.id]);
    expect(await select({ subject: "\\o/" })).toEqual([percent.id]);
    expect(await select({ subject: "'); DELETE FROM messages; --" })).toEqual([]);
    expect(await select({ messageId: "%", messageIdMatch: "prefix" })).toEqual([]);
    expect(await getDb().message.count()).toBe(2);
  });

  it("selects a date range: from inclusive, to exclusive, a bare To date through that day's end", async () => {
    const [before] = await insertTestMessages(1, { createdAt: new Date("2026-11-30T23:59:59.999Z") });
    const [start] = await insertTestMessages(1, { createdAt: new Date("2026-12-01T00:00:00.000Z") });
    const [late] = await insertTestMessages(1, { createdAt: new Date("2026-12-01T23:59:59.999Z") });
    const [next] = await insertTestMessages(1, { createdAt: new Date("2026-12-02T00:00:00.000Z") });
    expect(await select({ from: "2026-12-01", to: "2026-12-01" })).toEqual(sorted(start.id, late.id));
    expect(await select({ from: "2026-12-01T00:00:00.001Z" })).toEqual(sorted(late.id, next.id));
    expect(await select({ to: "2026-12-01T00:00Z" })).toEqual([before.id]);
  });

  it("pages by keyset without skipping or repeating messages that share a timestamp", async () => {
    const createdAt = new Date("2026-01-01T12:00:00.000Z");
    const same = await insertTestMessages(7, { createdAt });
    const older = await insertTestMessages(3, { createdAt: new Date(createdAt.getTime() - 1) });
    const filter = messageFilterSchema.parse({});
    const seen: string[] = [];
    let cursor: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = await selectMessagesByFilter(filter, { cursor, limit: 3 });
      seen.push(...page.map((row) => row.id));
      if (page.length < 3) break;
      cursor = page[page.length - 1];
      // A message arriving meanwhile (newer) never shifts the pages already being walked.
      await insertTestMessage();
    }
    const expected = [...same.map((m) => m.id).sort().reverse(), ...older.map((m) => m.id).sort().reverse()];
    expect(seen).toEqual(expected);
  });
});

describe("countMessagesByFilter", () => {
  beforeEach(resetDatabase);

  it("counts per status for the rest of the filter, and says when it stopped at the cap", async () => {
    const rows = await insertTestMessages(5, { from: "a@example.org" });
    await insertTestMessages(2, { from: "b@example.org" });
    await getDb().message.updateMany({ where: { id: { in: rows.slice(0, 2).map((r) => r.id) } }, data: { status: "DELIVERED" } });
    const filter = messageFilterSchema.parse({ sender: "a@example.org", status: "delivered" });
    expect(await countMessagesByFilter(filter)).toEqual({ byStatus: { QUEUED: 3, DELIVERED: 2 }, total: 5, capped: false, floors: [] });
    // Past the cap every number is a floor: at least that many.
    const capped = await countMessagesByFilter(filter, { cap: 4 });
    expect(capped).toMatchObject({ total: 4, capped: true });
    expect(capped.floors).toEqual([...MESSAGE_FILTER_STATUSES]); // even a status it saw none of: "0+"
    expect((capped.byStatus.QUEUED ?? 0) + (capped.byStatus.DELIVERED ?? 0)).toBe(5);
    expect((await countMessagesByFilter(filter, { cap: 5 })).capped).toBe(false);
  });

  it("counts every status on its own without a filter, each up to the cap", async () => {
    const rows = await insertTestMessages(5);
    await getDb().message.updateMany({ where: { id: { in: rows.slice(0, 2).map((r) => r.id) } }, data: { status: "FAILED" } });
    expect(await countMessagesByFilter(messageFilterSchema.parse({}))).toEqual({ byStatus: { QUEUED: 3, FAILED: 2 }, total: 5, capped: false, floors: [] });
    expect(await countMessagesByFilter(messageFilterSchema.parse({ status: "failed" }), { cap: 2 })).toEqual({ byStatus: { QUEUED: 2, FAILED: 2 }, total: 2, capped: true, floors: ["QUEUED"] });
  });
});
