/**
 * Issue 13, item 2: Test connection reports every step against a real SMTP server and names the failing one with
 * what to change: STARTTLS + AUTH passing, a wrong password, a certificate for another name, a closed port, a
 * server without STARTTLS while a password is configured, a refused test recipient.
 */
import net, { type AddressInfo } from "node:net";
import tls from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { findFreePort } from "@/lib/platform/free-port";
import { startTestSmtpServer, type StartTestSmtpServerOptions, type TestSmtpServer } from "@/test/smtp/start-test-smtp-server";
import { toSessionOptions } from "../transport-options";
import type { GatewayConnection } from "../types";
import { runConnectionTest } from "./run-connection-test";

const servers: TestSmtpServer[] = [];
const rawServers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(rawServers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A raw SMTP peer that greets, answers EHLO, and answers MAIL FROM with `mailReply` (then hangs up on a 421, RFC 5321 §3.8). */
async function startRawServer(mailReply: string): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    socket.write("220 busy.example ESMTP\r\n");
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk.toString("latin1");
      for (let end = buffered.indexOf("\r\n"); end >= 0; end = buffered.indexOf("\r\n")) {
        const line = buffered.slice(0, end).toUpperCase();
        buffered = buffered.slice(end + 2);
        if (line.startsWith("EHLO")) socket.write("250-busy.example\r\n250 8BITMIME\r\n");
        else if (line.startsWith("MAIL FROM")) {
          socket.write(`${mailReply}\r\n`);
          if (mailReply.startsWith("421")) socket.end();
        } else if (line.startsWith("QUIT")) socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  rawServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function startServer(options: StartTestSmtpServerOptions) {
  const server = await startTestSmtpServer(options);
  servers.push(server);
  return server;
}

const ENVELOPE = { from: "postmaster@outgate.test", to: "someone@dest.example" };

function optionsFor(connection: Partial<GatewayConnection> & { port: number }, server?: TestSmtpServer) {
  return toSessionOptions(
    { id: "test", address: "localhost", encryption: "NONE", verifyCertificate: true, auth: null, ...connection },
    { ehloName: "outgate.test", ca: server ? [server.cert] : undefined, timeouts: { connectionMs: 1500, socketMs: 3000 } },
  );
}

describe("runConnectionTest", () => {
  it("walks DNS, connect, greeting, EHLO, STARTTLS with the certificate, EHLO, AUTH, MAIL FROM, RCPT TO and RSET", async () => {
    const server = await startServer({ tls: "starttls", auth: { user: "relay", pass: "secret" } });
    const transcript = await runConnectionTest(
      optionsFor({ port: server.port, encryption: "STARTTLS_REQUIRED", auth: { user: "relay", pass: "secret" } }, server),
      ENVELOPE,
    );
    expect(transcript.steps.map((step) => step.step)).toEqual(["DNS", "Connect", "Greeting", "EHLO", "STARTTLS", "EHLO", "AUTH", "MAIL FROM", "RCPT TO", "RSET"]);
    expect(transcript.ok).toBe(true);
    // The first of each step (EHLO comes twice).
    const byName = Object.fromEntries(transcript.steps.toReversed().map((step) => [step.step, step]));
    expect(byName.DNS.detail).toMatch(/^localhost → /);
    expect(byName.EHLO.detail).toMatch(/STARTTLS/);
    expect(byName.STARTTLS.detail).toMatch(/^TLSv1\.[23], certificate for localhost, issued by localhost, expires \d{4}-\d\d-\d\d: verified$/);
    expect(byName.AUTH.detail).toMatch(/^signed in as relay with (PLAIN|LOGIN)$/);
    expect(byName.RSET.detail).toMatch(/nothing was sent/);
    expect(server.messages).toEqual([]);
  });

  it("names AUTH as the failing step for a wrong password, with the server's answer", async () => {
    const server = await startServer({ tls: "starttls", auth: { user: "relay", pass: "secret" } });
    const transcript = await runConnectionTest(
      optionsFor({ port: server.port, encryption: "STARTTLS_REQUIRED", auth: { user: "relay", pass: "wrong" } }, server),
      ENVELOPE,
    );
    expect(transcript.ok).toBe(false);
    const failed = transcript.steps.at(-1)!;
    expect(failed).toMatchObject({ step: "AUTH", ok: false });
    expect(failed.detail).toMatch(/535/);
    expect(failed.advice).toMatch(/username or password is wrong/);
  });

  it("names the TLS step for a certificate made out to another name, and shows the certificate", async () => {
    const server = await startServer({ tls: "starttls" });
    const options = optionsFor({ port: server.port, address: "127.0.0.1", encryption: "STARTTLS_REQUIRED" }, server);
    // The name the admin typed is not the certificate's (SNI and the identity check use it).
    const mismatched = { ...options, tls: { ...options.tls, servername: "mail.other.example", checkServerIdentity: tls.checkServerIdentity } };
    const transcript = await runConnectionTest(mismatched, ENVELOPE);
    const failed = transcript.steps.at(-1)!;
    expect(failed).toMatchObject({ step: "STARTTLS", ok: false });
    expect(failed.detail).toMatch(/certificate for localhost/);
    expect(failed.detail).toMatch(/not trusted \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
    expect(failed.advice).toMatch(/certificate is for another name/);
  });

  it("says a self-signed certificate is not trusted, and accepts it when verification is off", async () => {
    const server = await startServer({ tls: "implicit" });
    const refused = await runConnectionTest(optionsFor({ port: server.port, encryption: "IMPLICIT_TLS" }), ENVELOPE);
    expect(refused.steps.at(-1)).toMatchObject({ step: "TLS", ok: false });
    expect(refused.steps.at(-1)!.advice).toMatch(/not signed by a trusted authority/);
    const accepted = await runConnectionTest(optionsFor({ port: server.port, encryption: "IMPLICIT_TLS", verifyCertificate: false }), ENVELOPE);
    expect(accepted.ok).toBe(true);
    expect(accepted.steps.find((step) => step.step === "TLS")!.detail).toMatch(/not verified .* accepted because certificate verification is off/);
  });

  it("names Connect for a closed port, with the port in the advice", async () => {
    const port = await findFreePort();
    const transcript = await runConnectionTest(optionsFor({ port }), ENVELOPE);
    expect(transcript.steps.map((step) => step.step)).toEqual(["DNS", "Connect"]);
    expect(transcript.steps[1].detail).toMatch(/ECONNREFUSED/);
    expect(transcript.steps[1].advice).toContain(`port ${port}`);
  });

  it("stops before AUTH when the server offers no STARTTLS and a password is configured", async () => {
    const server = await startServer({ tls: "starttls", hideStartTls: true, auth: { user: "relay", pass: "secret" } });
    const transcript = await runConnectionTest(
      optionsFor({ port: server.port, encryption: "STARTTLS_OPPORTUNISTIC", auth: { user: "relay", pass: "secret" } }, server),
      ENVELOPE,
    );
    expect(transcript.ok).toBe(false);
    expect(transcript.steps.at(-1)).toMatchObject({ step: "STARTTLS", ok: false, detail: "the server does not offer STARTTLS" });
    expect(transcript.steps.at(-1)!.advice).toMatch(/clear text/);
    expect(transcript.steps.some((step) => step.step === "AUTH")).toBe(false);
  });

  it("names RCPT TO when the server refuses the test recipient", async () => {
    const server = await startServer({ rejectRecipient: () => ({ code: 554, message: "5.7.1 Relay access denied" }) });
    const transcript = await runConnectionTest(optionsFor({ port: server.port }), ENVELOPE);
    expect(transcript.steps.at(-1)).toMatchObject({ step: "RCPT TO", ok: false });
    expect(transcript.steps.at(-1)!.detail).toMatch(/554 5\.7\.1 Relay access denied/);
  });

  it("explains a 421 at MAIL FROM as a temporary refusal, not a sender or relay rule", async () => {
    const port = await startRawServer("421 4.3.2 Service temporarily unavailable, try later");
    const transcript = await runConnectionTest(optionsFor({ port, address: "127.0.0.1" }), ENVELOPE);
    const failed = transcript.steps.at(-1)!;
    expect(failed).toMatchObject({ step: "MAIL FROM", ok: false });
    expect(failed.detail).toMatch(/421 4\.3\.2 Service temporarily unavailable/);
    expect(failed.advice).toMatch(/temporary refusal \(421\).*busy.*try again in a few minutes/i);
    expect(failed.advice).not.toMatch(/relay for certain sender addresses/);
  });

  it("keeps the sender advice for a permanent refusal at MAIL FROM", async () => {
    const port = await startRawServer("553 5.7.1 Sender address rejected: not owned by user");
    const transcript = await runConnectionTest(optionsFor({ port, address: "127.0.0.1" }), ENVELOPE);
    expect(transcript.steps.at(-1)).toMatchObject({ step: "MAIL FROM", ok: false });
    expect(transcript.steps.at(-1)!.advice).toMatch(/relay for certain sender addresses or after authentication/);
  });

  it("says in plain words that a clear-text SMTP port does not speak SSL/TLS, and suggests STARTTLS or port 465", async () => {
    const server = await startServer({ tls: "starttls" });
    const transcript = await runConnectionTest(optionsFor({ port: server.port, address: "127.0.0.1", encryption: "IMPLICIT_TLS" }, server), ENVELOPE);
    expect(transcript.steps.map((step) => step.step)).toEqual(["DNS", "Connect"]);
    const failed = transcript.steps[1];
    expect(failed.detail).toMatch(/^the server answered in plain text, not TLS: it does not speak SSL\/TLS on port \d+ \(.*wrong version number/);
    expect(failed.advice).toMatch(/does not speak implicit TLS \(SSL\/TLS\) on port \d+.*"STARTTLS" encryption \(usual on ports 587 and 25\), or use port 465 for SSL\/TLS/);
  });
});
