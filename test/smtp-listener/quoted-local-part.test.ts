import { afterEach, describe, expect, it } from "vitest";
import { closeAllTransports } from "@/lib/engine/delivery/transport-pool";
import { drainQueue } from "@/lib/engine/queue/drain-queue";
import { createTestGateway } from "@/test/engine/create-test-gateway";
import { TEST_TRANSPORT } from "@/test/engine/engine-test-kit";
import { startScriptedSmtpServer, type ScriptedSmtpServer } from "@/test/smtp/scripted-smtp-server";
import { authPlain, openRawSession, type RawSession } from "./raw-smtp-client";
import { queuedMessages, setUpSmtpListenerTests } from "./smtp-listener-test-kit";

// RFC 5321 §4.1.2: Local-part = Dot-string / Quoted-string, and a quoted string may hold a space, "@", "<", ">", two
// dots in a row, and any printable character after a backslash. The HTTP API takes such addresses
// (lib/validation/mailbox.ts); the listener takes them as well, and relays them as written.

const kit = setUpSmtpListenerTests();
const servers: ScriptedSmtpServer[] = [];
afterEach(async () => {
  closeAllTransports();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function openLoggedInSession(port: number): Promise<RawSession> {
  const session = await openRawSession(port, { tls: true });
  await session.command("EHLO client.test");
  expect(await session.command(authPlain(await kit.credential({ domains: ["example.com"] })))).toMatch(/^235 /);
  return session;
}

const QUOTED_RECIPIENTS = ['"jane doe"@dest.example', '"a@b"@dest.example', '"a..b"@dest.example', '"x>y <z>"@dest.example', '"say \\"hi\\""@dest.example', '"back\\\\slash"@dest.example'];

const message = (id: string) =>
  ['From: "john smith"@example.com', "To: undisclosed-recipients:;", "Subject: quoted", `Message-ID: <${id}@example.com>`, "", "Hello.", ""].join("\r\n");

describe("quoted local parts (RFC 5321 section 4.1.2) through the listener", () => {
  it("accepts them in MAIL FROM and RCPT TO, with parameters after them, stores them as written and relays them so", async () => {
    const gateway = await startScriptedSmtpServer({ script: { strict: true, extensions: { dsn: true } } });
    servers.push(gateway);
    await createTestGateway({ port: gateway.port });
    const listener = await kit.start();
    const session = await openLoggedInSession(listener.ports.tls!);

    expect(await session.command('MAIL FROM:<"john smith"@example.com> RET=HDRS ENVID=q+2B1')).toMatch(/^250 /);
    for (const recipient of QUOTED_RECIPIENTS) expect(await session.command(`RCPT TO:<${recipient}> NOTIFY=FAILURE`), recipient).toMatch(/^250 /);
    expect(await session.command("DATA")).toMatch(/^354 /);
    expect(await session.command(`${message("q1")}.`)).toMatch(/^250 2\.0\.0 Queued as /);
    session.end();

    const [stored] = await queuedMessages();
    expect(stored).toMatchObject({ envelopeFrom: '"john smith"@example.com', senderDomain: "example.com", dsnRet: "HDRS", dsnEnvid: "q+1" });
    expect(stored.recipients.map((recipient) => recipient.address)).toEqual(QUOTED_RECIPIENTS);
    expect(stored.recipients.every((recipient) => recipient.dsnNotify === "FAILURE")).toBe(true);

    expect(await drainQueue({ maxMs: 20_000, transport: TEST_TRANSPORT })).toMatchObject({ delivered: 1 });
    const lines = gateway.sessions.flatMap((s) => s.commands.map((command) => command.line));
    expect(lines.find((line) => line.startsWith("MAIL FROM:"))).toMatch(/^MAIL FROM:<"john smith"@example\.com>/);
    expect(lines.filter((line) => line.startsWith("RCPT TO:")).map((line) => /^RCPT TO:<(.*)>(?: |$)/.exec(line.replace(/ NOTIFY=.*$/, ""))?.[1])).toEqual(QUOTED_RECIPIENTS);
  });

  it("refuses a quoted local part that is not one: unterminated, a bare quote or control inside, quotes around part of it", async () => {
    const listener = await kit.start();
    const session = await openLoggedInSession(listener.ports.tls!);
    expect(await session.command('MAIL FROM:<"john smith@example.com>')).toMatch(/^501 5\.1\.7 Bad sender address syntax: a quoted local part is not closed /);
    expect(await session.command('MAIL FROM:<"john smith"@example.com>')).toMatch(/^250 /);
    for (const recipient of ['<"jane doe@dest.example>', '<"a"b"@dest.example>', '<"tab\there"@dest.example>', '<jane" "doe@dest.example>', '<"jane"doe@dest.example>']) {
      expect(await session.command(`RCPT TO:${recipient}`), recipient).toMatch(/^5(01|53) 5\.1\.3 /);
    }
    expect(await session.command('RCPT TO:<"jane doe"@dest.example>')).toMatch(/^250 /);
    session.end();
  });
});
