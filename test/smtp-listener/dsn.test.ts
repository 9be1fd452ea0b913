import { afterEach, describe, expect, it } from "vitest";
import { closeAllTransports } from "@/lib/engine/delivery/transport-pool";
import { drainQueue } from "@/lib/engine/queue/drain-queue";
import { describeDsnRequest } from "@/lib/console/messages/describe-dsn-request";
import { getMessageDetail } from "@/lib/console/messages/get-message-detail";
import { getDb } from "@/lib/platform/db";
import { createTestGateway } from "@/test/engine/create-test-gateway";
import { TEST_TRANSPORT } from "@/test/engine/engine-test-kit";
import { startScriptedSmtpServer, type ScriptedSmtpServer, type SmtpScript } from "@/test/smtp/scripted-smtp-server";
import { authPlain, openRawSession, type RawSession } from "./raw-smtp-client";
import { queuedMessages, setUpSmtpListenerTests } from "./smtp-listener-test-kit";

// RFC 3461 through Outgate: a mail server relaying through the listener asks for NOTIFY / ORCPT per recipient and
// RET / ENVID per message. A gateway that offers DSN gets them byte for byte and answers for them; with one that does
// not, Outgate's own DSNs follow them (NEVER: none; SUCCESS: a "relayed" DSN; RET=HDRS: no body; ENVID and ORCPT
// come back as Original-Envelope-Id and Original-Recipient, RFC 3464).

const kit = setUpSmtpListenerTests();
const gateways: ScriptedSmtpServer[] = [];
afterEach(async () => {
  closeAllTransports();
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

async function startGateway(script: SmtpScript) {
  const gateway = await startScriptedSmtpServer({ script });
  gateways.push(gateway);
  await createTestGateway({ port: gateway.port });
  return gateway;
}

async function authenticatedSession(): Promise<RawSession> {
  const listener = await kit.start();
  const credential = await kit.credential();
  const session = await openRawSession(listener.ports.tls!, { tls: true });
  expect(await session.command("EHLO mx1.example.com")).toMatch(/^250-DSN$/m);
  expect(await session.command(authPlain(credential))).toMatch(/^235 /);
  return session;
}

const BODY_LINE = "The body stays with Outgate when the sender asked RET=HDRS.";
let sent = 0;

/** One transaction: MAIL FROM with `mail` parameters, one RCPT per entry (address + parameters), the message. */
async function send(session: RawSession, mail: string, rcpts: string[]): Promise<string> {
  expect(await session.command(`MAIL FROM:<sender@example.com>${mail}`)).toMatch(/^250 /);
  for (const rcpt of rcpts) expect(await session.command(`RCPT TO:${rcpt}`)).toMatch(/^250 /);
  expect(await session.command("DATA")).toMatch(/^354 /);
  const message = ["From: <sender@example.com>", "To: <ok@dest.test>", "Subject: DSN request", `Message-ID: <dsn-${++sent}@example.com>`, "", BODY_LINE, "."].join("\r\n");
  return session.command(message);
}

async function drain() {
  await drainQueue({ maxMs: 20_000, transport: TEST_TRANSPORT });
}

/** The DSNs Outgate queued, as text. */
async function queuedDsns(): Promise<string[]> {
  const bounces = await getDb().message.findMany({ where: { isBounce: true }, orderBy: { createdAt: "asc" }, select: { raw: true } });
  return bounces.map((bounce) => Buffer.from(bounce.raw).toString("utf8"));
}

describe("DSN parameters through the SMTP listener", () => {
  it("keeps RET/ENVID per message and NOTIFY/ORCPT per recipient, decoded, and a gateway that offers DSN gets them byte for byte", async () => {
    const gateway = await startGateway({ extensions: { dsn: true } });
    const session = await authenticatedSession();
    const reply = await send(session, " RET=HDRS ENVID=QQ+2B314+3D", [
      "<ok@dest.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;first+2Blast@dest.test",
      "<quiet@dest.test> NOTIFY=NEVER",
      "<plain@dest.test>",
    ]);
    expect(reply).toMatch(/^250 /);
    session.end();

    const [message] = await queuedMessages();
    expect(message).toMatchObject({ dsnRet: "HDRS", dsnEnvid: "QQ+314=" });
    expect(message.recipients.map((r) => [r.address, r.dsnNotify, r.dsnOrcpt])).toEqual([
      ["ok@dest.test", "SUCCESS,FAILURE", "rfc822;first+last@dest.test"],
      ["quiet@dest.test", "NEVER", null],
      ["plain@dest.test", null, null],
    ]);
    // What the message page shows ("Delivery notices"), from the same detail query.
    expect(describeDsnRequest((await getMessageDetail(message.id))!)).toBe(
      "Sender asked: ok@dest.test: notify on success and failure; quiet@dest.test: never notify; plain@dest.test: notify on failure (the default); " +
        "return headers; envelope id QQ+314=; ok@dest.test was originally first+last@dest.test",
    );

    await drain();
    expect(gateway.accepted()).toHaveLength(1);
    const lines = gateway.sessions.flatMap((s) => s.commands.map((c) => c.line));
    expect(lines.find((line) => line.startsWith("MAIL FROM:"))).toBe("MAIL FROM:<sender@example.com> RET=HDRS ENVID=QQ+2B314+3D");
    expect(lines.filter((line) => line.startsWith("RCPT TO:"))).toEqual([
      "RCPT TO:<ok@dest.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;first+2Blast@dest.test",
      "RCPT TO:<quiet@dest.test> NOTIFY=NEVER",
      "RCPT TO:<plain@dest.test>",
    ]);
    // The gateway took the request over (RFC 3461 §5.2.1): no DSN of Outgate's for the relay.
    expect(await queuedDsns()).toEqual([]);
  });

  it("with a gateway without DSN: a relayed DSN for SUCCESS, failures reported unless NOTIFY=NEVER, ENVID and ORCPT returned, headers only", async () => {
    const gateway = await startGateway({ rcpt: (address) => (address.startsWith("ok@") ? null : "550 5.1.1 No such user") });
    const session = await authenticatedSession();
    await send(session, " RET=HDRS ENVID=env+2D42", [
      "<ok@dest.test> NOTIFY=SUCCESS ORCPT=rfc822;ok@dest.test",
      "<never@dest.test> NOTIFY=NEVER",
      "<fail@dest.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;Fail@Dest.test",
      "<default@dest.test>",
      "<delayonly@dest.test> NOTIFY=DELAY",
    ]);
    session.end();
    await drain();

    // Nothing of the request crossed to a gateway that does not offer DSN (it would refuse the parameters).
    const lines = gateway.sessions.flatMap((s) => s.commands.map((c) => c.line));
    expect(lines.filter((line) => /NOTIFY=|ORCPT=|RET=|ENVID=/.test(line))).toEqual([]);
    expect(gateway.accepted()).toHaveLength(1);

    const [dsn, ...others] = await queuedDsns();
    expect(others).toEqual([]);
    expect(dsn).toContain("Subject: Undelivered Mail Returned to Sender");
    expect(dsn).toContain("Original-Envelope-Id: env-42\r\nReporting-MTA: dns; ");
    expect(dsn).toMatch(/Original-Recipient: rfc822;ok@dest\.test\r\nFinal-Recipient: rfc822; ok@dest\.test\r\nAction: relayed\r\nStatus: 2\.0\.0/);
    expect(dsn).toMatch(/Original-Recipient: rfc822;Fail@Dest\.test\r\nFinal-Recipient: rfc822; fail@dest\.test\r\nAction: failed\r\nStatus: 5\.1\.1/);
    expect(dsn).toMatch(/Final-Recipient: rfc822; default@dest\.test\r\nAction: failed/);
    expect(dsn).not.toContain("never@dest.test");
    expect(dsn).not.toContain("delayonly@dest.test");
    expect(dsn).toContain("Content-Type: text/rfc822-headers");
    expect(dsn).not.toContain(BODY_LINE);
  });

  it("sends only a relayed DSN (Successful Mail Delivery Report) when everything was delivered and SUCCESS asked", async () => {
    await startGateway({});
    const session = await authenticatedSession();
    await send(session, "", ["<ok@dest.test> NOTIFY=SUCCESS", "<other@dest.test>"]);
    session.end();
    await drain();
    const [dsn, ...others] = await queuedDsns();
    expect(others).toEqual([]);
    expect(dsn).toContain("Subject: Successful Mail Delivery Report");
    expect(dsn).toMatch(/Final-Recipient: rfc822; ok@dest\.test\r\nAction: relayed/);
    expect(dsn).not.toContain("other@dest.test>:");
    expect(dsn).not.toContain("Original-Envelope-Id");
    expect(dsn).not.toContain(BODY_LINE);
  });

  it("returns the whole message with a failure when the sender asked RET=FULL, and sends nothing for NOTIFY=NEVER alone", async () => {
    await startGateway({ rcpt: () => "550 5.1.1 No such user" });
    const session = await authenticatedSession();
    await send(session, " RET=FULL", ["<fail@dest.test>"]);
    await send(session, " RET=FULL", ["<never@dest.test> NOTIFY=NEVER"]);
    session.end();
    await drain();
    const dsns = await queuedDsns();
    expect(dsns).toHaveLength(1);
    expect(dsns[0]).toContain("Content-Type: message/rfc822");
    expect(dsns[0]).toContain(BODY_LINE);
    expect(dsns[0]).toContain("fail@dest.test");
  });

  it("answers malformed DSN parameters 501 5.5.4 and keeps nothing of them", async () => {
    const session = await authenticatedSession();
    for (const mail of [" RET=BODY", " ENVID=a+zz", " ENVID=a=b", ` ENVID=${"x".repeat(101)}`, " ENVID=a+0D+0Ab"]) {
      expect(await session.command(`MAIL FROM:<sender@example.com>${mail}`)).toMatch(/^501 5\.5\.4 /);
    }
    expect(await session.command("MAIL FROM:<sender@example.com> ENVID=ok")).toMatch(/^250 /);
    for (const rcpt of [" NOTIFY=NEVER,SUCCESS", " NOTIFY=SOMETIMES", " NOTIFY=SUCCESS,SUCCESS", " ORCPT=ok@dest.test", " ORCPT=rfc822;a+b@dest.test", " ORCPT=rfc822;"]) {
      expect(await session.command(`RCPT TO:<ok@dest.test>${rcpt}`)).toMatch(/^501 5\.5\.4 /);
    }
    expect(await session.command("RCPT TO:<ok@dest.test> NOTIFY=failure ORCPT=rfc822;ok@dest.test")).toMatch(/^250 /);
    session.end();
  });
});
