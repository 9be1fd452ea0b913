/**
 * A mail server as the client (issue 16, "Done means"): a private Postfix instance (the Debian package, run as
 * root with its own configuration, queue and log in a temp folder) relays through Outgate — relayhost pointing at
 * Outgate's submission port, smtp_tls_security_level=encrypt (STARTTLS), SASL AUTH with an SMTP credential — and
 * Outgate delivers to a test gateway. Counted by Message-ID at the gateway. `npm run test:interop` (needs Postfix
 * and root; .ci/run installs Postfix), not part of the unit or reliability runs.
 */
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../lib/platform/free-port";
import { startTestDatabase, type TestDatabase } from "../reliability/support/database";
import { makeTempRoot, removeTempRoot, startWorker } from "../reliability/support/outgate";
import { stopAllProcesses } from "../reliability/support/processes";
import { rawMessage, seedDomain, seedGateway, uniqueMessageId } from "../reliability/support/seed";
import { prepareSmtpListener, seedSmtpCredential } from "../reliability/support/smtp-listener";
import { startSmtpSink, type SmtpSink } from "../reliability/support/smtp-sink";
import { waitFor } from "../reliability/support/wait";
import { startSubmissionListener } from "./support/outgate-smtp";
import { findPostfixProblem, startPrivatePostfix, type PrivatePostfix } from "./support/private-postfix";

const MESSAGES = 20;

let root: string;
let db: TestDatabase;
let sink: SmtpSink;
let postfix: PrivatePostfix | undefined;
let listenerPort: number;

beforeAll(async () => {
  const problem = findPostfixProblem();
  if (problem) throw new Error(`npm run test:interop needs Postfix: ${problem}`);
  root = makeTempRoot("postfix-interop");
  db = await startTestDatabase(root);
  sink = await startSmtpSink("postfix-interop");
  await seedDomain(db.pool, "interop.example");
  await seedGateway(db.pool, { description: "interop sink", port: sink.port });
  const credential = await seedSmtpCredential(db.pool, "postfix-relay");
  const settings = await prepareSmtpListener(root);
  listenerPort = (await startSubmissionListener(root, db.url, settings)).port;
  startWorker(root, db.url);
  postfix = await startPrivatePostfix({
    dir: `${root}/postfix`,
    port: await findFreePort(),
    relayhost: `[127.0.0.1]:${listenerPort}`,
    sasl: { username: credential.user, password: credential.pass },
    tlsSecurityLevel: "encrypt",
  });
});

afterAll(async () => {
  await postfix?.stop();
  await stopAllProcesses();
  await sink?.down();
  await db?.close();
  removeTempRoot(root);
});

/** Hands messages to Postfix as a local application would: plain SMTP on loopback, no AUTH (mynetworks relays). */
async function sendToPostfix(from: string, count: number, tag: string): Promise<string[]> {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: postfix!.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 4 });
  try {
    return await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const messageId = uniqueMessageId("interop.example", `${tag}${index}`);
        await transport.sendMail({ envelope: { from, to: ["rcpt@example.com"] }, raw: rawMessage({ from, to: "rcpt@example.com", messageId, subject: `${tag} ${index}` }) });
        return messageId;
      }),
    );
  } finally {
    transport.close();
  }
}

/**
 * Postfix's final word on each message (by Message-ID → its queue id → the delivery agent's status line), or
 * undefined while it has none: "status=sent (250 ...)", "status=bounced (host ... said: 550 ...)". Deferred
 * attempts are not final: Postfix retries them.
 */
function postfixOutcomes(messageIds: readonly string[]): Map<string, string | undefined> {
  const lines = postfix!.logText().split("\n");
  const queueIdOf = new Map<string, string>();
  for (const line of lines) {
    const match = / ([0-9A-F]{6,}): message-id=(<[^>]+>)/.exec(line);
    if (match) queueIdOf.set(match[2], match[1]);
  }
  return new Map(
    messageIds.map((messageId) => {
      const queueId = queueIdOf.get(messageId);
      const final = queueId ? lines.find((line) => line.includes(` ${queueId}: to=`) && /status=(sent|bounced)/.test(line)) : undefined;
      return [messageId, final];
    }),
  );
}

/** Waits until Postfix has a final status for every message; returns them. */
async function waitForOutcomes(messageIds: readonly string[]): Promise<string[]> {
  return waitFor(`Postfix's final status for ${messageIds.length} message(s)`, () => {
    const outcomes = [...postfixOutcomes(messageIds).values()];
    return outcomes.every(Boolean) ? (outcomes as string[]) : null;
  }, { timeoutMs: 120_000, intervalMs: 200 });
}

describe("Postfix relaying through Outgate (relayhost, STARTTLS required, SASL AUTH)", () => {
  it("delivers every message Postfix accepted to the gateway, once, over TLS with the credential", async () => {
    const messageIds = await sendToPostfix("sender@interop.example", MESSAGES, "relay");
    const outcomes = await waitForOutcomes(messageIds);
    const relay = `relay=127.0.0.1[127.0.0.1]:${listenerPort}`;
    expect(outcomes.filter((line) => !(line.includes(relay) && line.includes("status=sent")))).toEqual([]);
    await waitFor(`all ${MESSAGES} messages at the gateway`, () => messageIds.every((id) => sink.counts.get(id) === 1), { timeoutMs: 120_000, intervalMs: 200 });
    // Postfix logs the TLS session it set up with the relayhost: it did not fall back to plain text.
    expect(postfix!.logText()).toMatch(new RegExp(`(Untrusted|Anonymous|Trusted|Verified) TLS connection established to 127\\.0\\.0\\.1\\[127\\.0\\.0\\.1\\]:${listenerPort}`));
    const { rows } = await db.pool.query<{ lastUsedAt: Date | null }>(`SELECT last_used_at AS "lastUsedAt" FROM smtp_credentials WHERE username = 'postfix-relay'`);
    expect(rows[0].lastUsedAt).not.toBeNull();
  });

  it("bounces a message whose sender domain is not hosted: Outgate answers 550 5.7.1 to MAIL FROM, never relays it", async () => {
    const [messageId] = await sendToPostfix("someone@not-hosted.example", 1, "foreign");
    const [outcome] = await waitForOutcomes([messageId]);
    expect(outcome).toMatch(/status=bounced .*said: 550[ -]5\.7\.1 .*in reply to MAIL FROM command/);
    expect(sink.counts.has(messageId)).toBe(false);
  });

  // RFC 5321 §4.5.5: Postfix hands its own bounce to the relayhost with MAIL FROM:<> and From MAILER-DAEMON@$myorigin
  // (here its myhostname). Outgate takes it once that domain is hosted, and the gateway gets the null sender too.
  it("relays Postfix's own bounce (MAIL FROM:<>) through Outgate when its From domain is hosted", async () => {
    await seedDomain(db.pool, "postfix.interop.test");
    const [messageId] = await sendToPostfix("someone@not-hosted.example", 1, "bounced");
    expect((await waitForOutcomes([messageId]))[0]).toMatch(/status=bounced/);
    const bounce = await waitFor(
      "Postfix's bounce delivered by Outgate",
      async () => {
        const { rows } = await db.pool.query<{ messageId: string; senderDomain: string }>(
          `SELECT message_id AS "messageId", sender_domain AS "senderDomain" FROM messages WHERE envelope_from = '' AND status = 'DELIVERED'`,
        );
        return rows[0];
      },
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    expect(bounce.senderDomain).toBe("postfix.interop.test");
    expect(sink.counts.get(`<${bounce.messageId}>`)).toBe(1);
  });

  // RFC 3461 through a real MTA: Postfix passes its client's NOTIFY, ORCPT, RET and ENVID on to Outgate, which offers
  // DSN (so Postfix sends no "relayed" notice of its own); the sink offers none, so Outgate answers NOTIFY=SUCCESS itself.
  it("carries a client's DSN request through Postfix to Outgate, which sends the relayed DSN with the ENVID", async () => {
    const messageId = uniqueMessageId("interop.example", "dsn");
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: postfix!.port, secure: false, ignoreTLS: true });
    try {
      const mail: SMTPTransport.MailOptions = {
        envelope: { from: "sender@interop.example", to: ["rcpt@example.com"] },
        raw: rawMessage({ from: "sender@interop.example", to: "rcpt@example.com", messageId, subject: "DSN request" }),
        dsn: { envid: "interop-envid-1", ret: "HDRS", notify: ["SUCCESS", "FAILURE"], orcpt: "rfc822;rcpt@example.com" },
      };
      await transport.sendMail(mail);
    } finally {
      transport.close();
    }
    const bare = messageId.slice(1, -1);
    const asked = await waitFor(
      "the message with its DSN request in Outgate's queue",
      async () =>
        (
          await db.pool.query(
            `SELECT m.dsn_ret, m.dsn_envid, r.dsn_notify, r.dsn_orcpt FROM messages m JOIN message_recipients r ON r.message_id = m.id WHERE m.message_id = $1`,
            [bare],
          )
        ).rows[0],
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    expect(asked).toEqual({ dsn_ret: "HDRS", dsn_envid: "interop-envid-1", dsn_notify: "SUCCESS,FAILURE", dsn_orcpt: "rfc822;rcpt@example.com" });
    const dsn = await waitFor(
      "Outgate's relayed DSN",
      async () =>
        (await db.pool.query<{ raw: Buffer }>(`SELECT raw FROM messages WHERE bounce_of_id = (SELECT id FROM messages WHERE message_id = $1)`, [bare])).rows[0],
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    const text = dsn.raw.toString("utf8");
    expect(text).toContain("Original-Envelope-Id: interop-envid-1");
    expect(text).toMatch(/Original-Recipient: rfc822;rcpt@example\.com\r\nFinal-Recipient: rfc822; rcpt@example\.com\r\nAction: relayed/);
  });
});
