import { readInstallationMark } from "../../../platform/installation-mark";
import { openGatewaySocket, startTls } from "./open-gateway-socket";
import { authenticate } from "./authenticate";
import { NO_EXTENSIONS, readExtensions, type SmtpExtensions } from "./read-extensions";
import { SmtpChannel } from "./smtp-channel";
import { SmtpClientError, oneLine, refusedBy } from "./smtp-client-error";
import type { SmtpReply } from "./smtp-reply";
import type { SessionOptions } from "./session-options";

/** An open, greeted (and, as configured, encrypted and authenticated) SMTP session, ready for MAIL FROM. */
export type SmtpSession = {
  channel: SmtpChannel;
  extensions: SmtpExtensions;
  secure: boolean;
  /** Messages sent over this session so far. */
  messages: number;
  /** When it was last released to the pool (for closing idle sessions). */
  idleSince: number;
  state: "busy" | "idle" | "closed";
};

// "421 4.3.2 ...", Postfix's "421 4.7.0 ... Error: too many connections", Exchange's "421 4.3.2 The maximum number of concurrent connections ...".
const CONNECTION_LIMIT = /too many (concurrent )?(connections|sessions)|connection limit|maximum number of (concurrent )?connections|concurrent (smtp )?connections/i;

/**
 * Connect, greeting, EHLO (HELO when EHLO is not understood), STARTTLS as the gateway's encryption says, EHLO again
 * over TLS, AUTH. Credentials never cross the wire in clear text unless the encryption is "None".
 */
export async function openSession(options: SessionOptions): Promise<SmtpSession> {
  const { timeouts } = options;
  const implicit = options.encryption === "IMPLICIT_TLS";
  const socket = await openGatewaySocket({ host: options.host, port: options.port, connectMs: timeouts.connectMs, tls: implicit ? options.tls : null });
  const channel = new SmtpChannel(socket);
  try {
    const greeting = await channel.read("greeting", timeouts.greetingMs);
    if (greeting.code !== 220) throw refusedGreeting(greeting);
    refuseOwnListener(greeting);
    let extensions = await hello(channel, options);
    let secure = implicit;

    if (options.encryption === "STARTTLS_OPPORTUNISTIC" || options.encryption === "STARTTLS_REQUIRED") {
      const required = options.encryption === "STARTTLS_REQUIRED";
      if (!extensions.startTls) {
        if (required) throw new SmtpClientError("ETLS", "STARTTLS", `STARTTLS: the gateway does not offer STARTTLS (it offers ${offered(extensions)}) and encryption is required`);
      } else {
        channel.write("STARTTLS\r\n");
        const reply = await channel.read("STARTTLS", timeouts.mailMs);
        if (reply.code === 220) {
          // Anything the server sent after its 220 came in clear text and could be injected (RFC 3207 §6).
          if (channel.hasUnreadReplies) throw new SmtpClientError("ETLS", "STARTTLS", "STARTTLS: the server sent data after its 220 before TLS began");
          channel.replaceSocket(await startTls(channel.releaseSocket(), options.tls, timeouts.mailMs));
          extensions = await hello(channel, options);
          secure = true;
        } else if (required) {
          throw refusedBy("ETLS", "STARTTLS", reply, "STARTTLS refused and encryption is required");
        } else if (options.auth) {
          throw refusedBy("ETLS", "STARTTLS", reply, "STARTTLS refused, so the password would go in clear text; not authenticating");
        }
      }
    }

    if (options.auth) {
      if (!secure && options.encryption !== "NONE") {
        // Kind 3: only "None" sends credentials unencrypted. Opportunistic mode without TLS fails over instead.
        throw new SmtpClientError("ETLS", "STARTTLS", `STARTTLS: the gateway does not offer STARTTLS (it offers ${offered(extensions)}), so the password would go in clear text; not authenticating`);
      }
      if (extensions.auth.length === 0 && options.authMechanism === "AUTO") {
        throw new SmtpClientError("EAUTH", "AUTH", `AUTH: the server offers no AUTH mechanism (it offers ${offered(extensions)})`);
      }
      await authenticate(channel, extensions.auth, options.authMechanism, options.auth, secure, timeouts.mailMs);
    }
    return { channel, extensions, secure, messages: 0, idleSince: 0, state: "busy" };
  } catch (error) {
    channel.destroy();
    throw error;
  }
}

/** EHLO, or HELO when the server does not know EHLO (RFC 5321 §3.2: 500/502). */
export async function hello(channel: SmtpChannel, options: SessionOptions): Promise<SmtpExtensions> {
  channel.write(`EHLO ${options.ehloName}\r\n`);
  const reply = await channel.read("EHLO", options.timeouts.mailMs);
  if (reply.code === 250) return readExtensions(reply);
  if (reply.code !== 500 && reply.code !== 502) throw refusedBy("EPROTOCOL", "EHLO", reply);
  channel.write(`HELO ${options.ehloName}\r\n`);
  const helo = await channel.read("EHLO", options.timeouts.mailMs);
  if (helo.code !== 250) throw refusedBy("EPROTOCOL", "EHLO", helo, `EHLO refused (${oneLine(reply.text)}) and HELO refused`);
  return NO_EXTENSIONS;
}

/**
 * Throws ELOOP when a 220 greeting carries this installation's mark (readInstallationMark): the gateway is Outgate's
 * own SMTP listener, and a message relayed there would be queued here again — a mail loop (RFC 5321 §6.3), caught
 * before the first copy rather than by counting Received fields. Postfix's "mail for … loops back to myself" is the
 * same check on its own host name; the mark, not the name, so a local smarthost with this host's name is no loop.
 */
export function refuseOwnListener(greeting: SmtpReply): void {
  const mark = readInstallationMark();
  if (!greeting.text.includes(mark)) return;
  throw new SmtpClientError(
    "ELOOP",
    "greeting",
    `greeting: this gateway is Outgate's own SMTP listener (its greeting carries this installation's mark, ${mark}): mail relayed there would come back here, a mail loop (RFC 5321 section 6.3); point the gateway at the smarthost instead`,
  );
}

function refusedGreeting(greeting: SmtpReply): SmtpClientError {
  if (greeting.code === 421 && CONNECTION_LIMIT.test(greeting.message)) {
    return refusedBy("ECONNLIMIT", "greeting", greeting, "greeting: connection refused, over the gateway's connection limit");
  }
  // RFC 3463 4.3.2 "system not accepting network messages": what a server says when it has too many sessions, but also
  // in maintenance or shutting down. The pool treats it as a limit only while other sessions to the gateway are open
  // (gateway-pool.ts); the reason says no more than the server did.
  if (greeting.code === 421 && greeting.enhanced === "4.3.2") {
    return refusedBy("ECONNLIMIT", "greeting", greeting, "greeting: the gateway is not accepting sessions now");
  }
  return refusedBy("EPROTOCOL", "greeting", greeting, "greeting: session refused");
}

function offered(extensions: SmtpExtensions): string {
  return extensions.keywords.length > 0 ? extensions.keywords.join(" ") : "no extensions";
}

export function isConnectionLimitRefusal(error: unknown): boolean {
  return error instanceof SmtpClientError && error.code === "ECONNLIMIT";
}
