import { createHmac } from "node:crypto";
import type { AuthMechanismChoice } from "./session-settings";
import type { SmtpChannel } from "./smtp-channel";
import { SmtpClientError, oneLine } from "./smtp-client-error";
import type { SmtpReply } from "./smtp-reply";

export type SaslMechanism = "PLAIN" | "LOGIN" | "CRAM-MD5";
export type Credentials = { user: string; pass: string };

const SUPPORTED: SaslMechanism[] = ["PLAIN", "LOGIN", "CRAM-MD5"];

/**
 * AUTH (RFC 4954). A fixed choice uses only that mechanism. AUTO tries what the server offers: over TLS PLAIN, LOGIN,
 * then CRAM-MD5 (the password is protected by TLS; CRAM-MD5 fails for accounts whose server keeps only a hash);
 * in clear text (encryption "None") CRAM-MD5 first, so the password itself never crosses the wire when avoidable.
 * AUTO moves on only when a mechanism is refused as a mechanism — 504 (not supported), 534 (too weak), 538
 * (encryption required) or a 5.7.x reply that names the mechanism — never after 535: that answers the password,
 * and trying it again with another mechanism only hammers the account. Each failure says what the server offered
 * and what it answered to each try.
 */
export async function authenticate(
  channel: SmtpChannel,
  offered: string[],
  choice: AuthMechanismChoice,
  credentials: Credentials,
  encrypted: boolean,
  timeoutMs: number,
): Promise<SaslMechanism> {
  const offers = offered.length > 0 ? `the server offers ${offered.join(" ")}` : "the server offers no AUTH mechanism";
  const order: SaslMechanism[] = choice === "AUTO" ? autoOrder(offered, encrypted) : [choice === "CRAM_MD5" ? "CRAM-MD5" : choice];
  if (order.length === 0) {
    throw new SmtpClientError("EAUTH", "AUTH", `AUTH: ${offers}; Outgate supports ${SUPPORTED.join(", ")}`);
  }
  const tries: string[] = [];
  for (const [index, mechanism] of order.entries()) {
    const reply = await runMechanism(channel, mechanism, credentials, timeoutMs);
    if (reply.code === 235) return mechanism;
    tries.push(`${mechanism} refused with ${oneLine(reply.text)}`);
    const last = index === order.length - 1;
    if (choice === "AUTO" && !last && isMechanismRefusal(reply)) continue;
    throw new SmtpClientError("EAUTH", "AUTH", `AUTH: ${offers}; ${tries.join("; ")}`, reply);
  }
  throw new SmtpClientError("EAUTH", "AUTH", `AUTH: ${offers}; ${tries.join("; ")}`);
}

function autoOrder(offered: string[], encrypted: boolean): SaslMechanism[] {
  const preference: SaslMechanism[] = encrypted ? ["PLAIN", "LOGIN", "CRAM-MD5"] : ["CRAM-MD5", "PLAIN", "LOGIN"];
  return preference.filter((mechanism) => offered.includes(mechanism));
}

/** The server refuses the mechanism, not the credentials (RFC 4954 §6). */
export function isMechanismRefusal(reply: SmtpReply): boolean {
  if (reply.code === 535) return false;
  if (reply.code === 504 || reply.code === 534 || reply.code === 538) return true;
  return reply.code >= 500 && reply.enhanced?.startsWith("5.7.") === true && /mechanism/i.test(reply.message);
}

async function runMechanism(channel: SmtpChannel, mechanism: SaslMechanism, { user, pass }: Credentials, timeoutMs: number): Promise<SmtpReply> {
  switch (mechanism) {
    case "PLAIN": {
      // RFC 4616: authzid (empty) NUL authcid NUL passwd, as the initial response (RFC 4954 §4).
      const token = base64(`\0${user}\0${pass}`);
      channel.write(`AUTH PLAIN ${token}\r\n`);
      const reply = await channel.read("AUTH", timeoutMs);
      if (reply.code !== 334) return reply;
      channel.write(`${token}\r\n`);
      return channel.read("AUTH", timeoutMs);
    }
    case "LOGIN": {
      channel.write("AUTH LOGIN\r\n");
      let reply = await channel.read("AUTH", timeoutMs);
      if (reply.code !== 334) return reply;
      channel.write(`${base64(user)}\r\n`);
      reply = await channel.read("AUTH", timeoutMs);
      if (reply.code !== 334) return reply;
      channel.write(`${base64(pass)}\r\n`);
      return channel.read("AUTH", timeoutMs);
    }
    case "CRAM-MD5": {
      // RFC 2195: the answer is "user hex(HMAC-MD5(password, challenge))".
      channel.write("AUTH CRAM-MD5\r\n");
      const reply = await channel.read("AUTH", timeoutMs);
      if (reply.code !== 334) return reply;
      const challenge = Buffer.from(reply.message.trim(), "base64");
      const digest = createHmac("md5", pass).update(challenge).digest("hex");
      channel.write(`${base64(`${user} ${digest}`)}\r\n`);
      return channel.read("AUTH", timeoutMs);
    }
  }
}

function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}
