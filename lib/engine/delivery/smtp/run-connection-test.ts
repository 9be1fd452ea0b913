import net from "node:net";
import tls from "node:tls";
import { resolveOutboundAddresses } from "../../../platform/resolve-outbound-address";
import { authenticate } from "./authenticate";
import { adviceFor, describeFailure } from "./connection-test-advice";
import { hello, refuseOwnListener } from "./open-session";
import { openGatewaySocket, startTls } from "./open-gateway-socket";
import type { SmtpExtensions } from "./read-extensions";
import { SmtpChannel } from "./smtp-channel";
import { SmtpClientError, oneLine } from "./smtp-client-error";
import type { SessionOptions } from "./session-options";

export type ConnectionTestStepName = "DNS" | "Connect" | "Greeting" | "EHLO" | "TLS" | "STARTTLS" | "AUTH" | "MAIL FROM" | "RCPT TO" | "RSET";

/** One line of the transcript: what was done, what came back, how long it took (ms), and on failure what to change. */
export type ConnectionTestStep = { step: ConnectionTestStepName; ok: boolean; detail: string; ms: number; advice?: string };

/** The whole test: `ok` when every step passed; the failing step is the last one. */
export type ConnectionTranscript = { ok: boolean; steps: ConnectionTestStep[] };

/** A test waits at most this long for each stage: an admin is watching. */
const STAGE_MS = 15_000;

/**
 * Test connection (issue 13, item 2): the steps a delivery takes, each reported in plain words — DNS, TCP connect
 * (with its time), greeting, EHLO and the extensions offered, STARTTLS or implicit TLS with the certificate's
 * subject, issuer, expiry and verification result, AUTH with the mechanism used, then a MAIL FROM / RCPT TO dry run
 * ended by RSET (RFC 5321 §4.1.1.5), and QUIT. Sends no mail. Never throws.
 */
export async function runConnectionTest(options: SessionOptions, envelope: { from: string; to: string }): Promise<ConnectionTranscript> {
  const steps: ConnectionTestStep[] = [];
  let channel: SmtpChannel | null = null;
  const timed = async <T>(step: ConnectionTestStepName, work: () => Promise<T>, describe: (value: T) => string): Promise<T> => {
    const startedAt = Date.now();
    try {
      const value = await work();
      steps.push({ step, ok: true, detail: describe(value), ms: Date.now() - startedAt });
      return value;
    } catch (error) {
      steps.push({ step, ok: false, detail: describeFailure({ step, error, options }), ms: Date.now() - startedAt, advice: adviceFor({ step, error, options }) });
      throw error;
    }
  };
  const stageMs = (ms: number) => Math.min(ms, STAGE_MS);

  try {
    await timed("DNS", () => resolveOutboundAddresses(options.host), (found) =>
      net.isIP(options.host.replace(/^\[|\]$/g, "")) ? `${options.host} is an IP address` : `${options.host} → ${found.map((a) => a.address).join(", ")}`,
    );
    const implicit = options.encryption === "IMPLICIT_TLS";
    // Checked here rather than by the handshake, so the transcript can show the certificate it refused.
    const inspectTls: tls.ConnectionOptions = { ...options.tls, rejectUnauthorized: false };
    const socket = await timed(
      "Connect",
      () => openGatewaySocket({ host: options.host, port: options.port, connectMs: stageMs(options.timeouts.connectMs), tls: implicit ? inspectTls : null }),
      () => `connected to ${options.host} port ${options.port}${implicit ? " with TLS" : ""}`,
    );
    channel = new SmtpChannel(socket);
    if (implicit) await timed("TLS", async () => checkCertificate(socket as tls.TLSSocket, options), (text) => text);
    await timed("Greeting", async () => {
      const reply = await channel!.read("greeting", stageMs(options.timeouts.greetingMs));
      if (reply.code !== 220) throw new SmtpClientError("EPROTOCOL", "greeting", `the server refused the session: ${oneLine(reply.text)}`, reply);
      refuseOwnListener(reply);
      return reply;
    }, (reply) => oneLine(reply.text));
    const quick = { ...options, timeouts: { ...options.timeouts, mailMs: stageMs(options.timeouts.mailMs) } };
    let extensions = await timed("EHLO", () => hello(channel!, quick), describeExtensions);
    let secure = implicit;

    if (options.encryption === "STARTTLS_OPPORTUNISTIC" || options.encryption === "STARTTLS_REQUIRED") {
      if (!extensions.startTls) {
        const needed = options.encryption === "STARTTLS_REQUIRED" || !!options.auth;
        steps.push({
          step: "STARTTLS",
          ok: !needed,
          detail: "the server does not offer STARTTLS",
          ms: 0,
          ...(needed ? { advice: options.auth ? "The password would go in clear text. Use a port that offers STARTTLS (587) or SSL/TLS (465)." : "Choose an encryption the server offers, or a port that offers STARTTLS (587)." } : {}),
        });
        if (needed) return finish(channel, steps);
      } else {
        await timed("STARTTLS", async () => {
          channel!.write("STARTTLS\r\n");
          const reply = await channel!.read("STARTTLS", stageMs(options.timeouts.mailMs));
          if (reply.code !== 220) throw new SmtpClientError("ETLS", "STARTTLS", `STARTTLS refused: ${oneLine(reply.text)}`, reply);
          const secured = await startTls(channel!.releaseSocket(), inspectTls, stageMs(options.timeouts.mailMs));
          channel!.replaceSocket(secured);
          return checkCertificate(secured, options);
        }, (text) => text);
        secure = true;
        extensions = await timed("EHLO", () => hello(channel!, quick), (found) => `again over TLS: ${describeExtensions(found)}`);
      }
    }

    if (options.auth) {
      const auth = options.auth;
      await timed("AUTH", () => authenticate(channel!, extensions.auth, options.authMechanism, auth, secure, stageMs(options.timeouts.mailMs)), (mechanism) =>
        `signed in as ${auth.user} with ${mechanism}`,
      );
    }

    await timed("MAIL FROM", () => command(channel!, `MAIL FROM:<${envelope.from}>`, "MAIL", 250, stageMs(options.timeouts.mailMs)), (reply) => reply);
    await timed("RCPT TO", () => command(channel!, `RCPT TO:<${envelope.to}>`, "RCPT", [250, 251], stageMs(options.timeouts.rcptMs)), (reply) => reply);
    await timed("RSET", () => command(channel!, "RSET", "RSET", 250, stageMs(options.timeouts.mailMs)), (reply) => `${reply} — nothing was sent`);
  } catch {
    // The failing step is in the transcript.
  }
  return finish(channel, steps);
}

function finish(channel: SmtpChannel | null, steps: ConnectionTestStep[]): ConnectionTranscript {
  channel?.quit();
  return { ok: steps.length > 0 && steps.every((step) => step.ok), steps };
}

async function command(channel: SmtpChannel, line: string, stage: "MAIL" | "RCPT" | "RSET", expected: number | number[], timeoutMs: number): Promise<string> {
  channel.write(`${line}\r\n`);
  const reply = await channel.read(stage, timeoutMs);
  if (![expected].flat().includes(reply.code)) throw new SmtpClientError("EENVELOPE", stage, `${line} refused: ${oneLine(reply.text)}`, reply);
  return oneLine(reply.text);
}

/** Subject, issuer, expiry and the verification result; throws when verification is on and the certificate fails. */
function checkCertificate(socket: tls.TLSSocket, options: SessionOptions): string {
  const cert = socket.getPeerCertificate();
  const name = (part: tls.Certificate | undefined) => (part?.CN ? String(part.CN) : part?.O ? String(part.O) : "unnamed");
  const expiry = cert?.valid_to ? new Date(cert.valid_to).toISOString().slice(0, 10) : "unknown";
  const about = cert && Object.keys(cert).length > 0 ? `certificate for ${name(cert.subject)}, issued by ${name(cert.issuer)}, expires ${expiry}` : "no certificate";
  const verified = socket.authorized;
  const reason = socket.authorizationError ? String(socket.authorizationError) : null;
  const checking = options.tls.rejectUnauthorized !== false;
  if (!verified && checking) throw new SmtpClientError("ETLS", "STARTTLS", `${socket.getProtocol() ?? "TLS"}, ${about}: not trusted (${reason ?? "unverified"})`);
  return `${socket.getProtocol() ?? "TLS"}, ${about}: ${verified ? "verified" : `not verified (${reason ?? "unverified"}), accepted because certificate verification is off`}`;
}

function describeExtensions(extensions: SmtpExtensions): string {
  return extensions.keywords.length > 0 ? `the server offers ${extensions.keywords.join(" ")}${extensions.auth.length > 0 ? ` (AUTH ${extensions.auth.join(" ")})` : ""}` : "the server offers no extensions (HELO)";
}
