/**
 * One delivery attempt's cause in the admin's words, for the message page: the delivery log keeps the raw SMTP answer
 * or Outgate's own reason ("auth: …", "tls: …", "connection: …", "session: …", "message: SIZE: …" / "size: …",
 * "outcome unknown: …", "config: …", "No usable gateway: …", see lib/engine/delivery/classify-smtp-error.ts); this
 * says what it means and, where there is one, what to do. Pure, so every wording is tested in a table.
 */
export type AttemptFacts = {
  outcome: string;
  smtpCode: number | null;
  response: string;
  /** The answer rule that fired on this attempt (delivery_attempts.rule_fired), named after the cause. */
  ruleFired?: string | null;
};

const PREFIX = /^(auth|tls|connection|session|smtp|message|size|config|unexpected|unknown):\s*/i;
const ENHANCED = /\b([245]\.\d{1,3}\.\d{1,3})\b/;
const TWICE = "it may have accepted it, so it may be delivered twice";

export function describeAttempt(facts: AttemptFacts): string {
  const cause = (facts.outcome === "PARTIAL" && describePartial(facts.response)) || describeCause(facts);
  return facts.ruleFired ? `${cause} ${facts.ruleFired}.` : cause;
}

/** Where one recipient's answer ends and the next "address: answer" begins in a PARTIAL attempt's response. */
const NEXT_RECIPIENT = /;\s(?=[^\s;:]+@[^\s;:]+:\s)/;

/**
 * A PARTIAL attempt's log holds each recipient's answer ("a@x: 250 2.0.0 Ok; b@y: 550 5.1.1 No such user",
 * lib/engine/delivery/deliver-message.ts responseOf): the recipients the gateway took are named once, and each other
 * recipient gets its own cause — another recipient's 250 is no part of why this one was refused. Null when the
 * response is not in that form (the caller then describes it whole).
 */
function describePartial(response: string): string | null {
  const parts = response.split(NEXT_RECIPIENT).map((part) => /^([^\s;:]+@[^\s;:]+):\s(.*)$/s.exec(part.trim()));
  if (parts.length < 2 || parts.some((part) => !part)) return null;
  const delivered: string[] = [];
  const causes: string[] = [];
  for (const [, recipient, answer] of parts as RegExpExecArray[]) {
    const code = readCode(answer);
    if (code !== undefined && code < 300) delivered.push(recipient);
    else causes.push(`${recipient}: ${describeCause({ outcome: code !== undefined && code >= 500 ? "FAILED" : "DEFERRED", smtpCode: code ?? null, response: answer })}`);
  }
  return [delivered.length > 0 ? `Accepted for ${delivered.join(", ")}.` : "", ...causes].filter(Boolean).join(" ");
}

function describeCause({ outcome, smtpCode, response }: AttemptFacts): string {
  const text = response.trim();
  const prefix = PREFIX.exec(text)?.[1]?.toLowerCase() ?? null;
  const detail = prefix ? text.slice(PREFIX.exec(text)![0].length) : text;
  const code = smtpCode ?? readCode(detail);
  const codes = codeLabel(code, detail);

  if (outcome === "UNKNOWN" || /^outcome unknown\b/i.test(text)) return outcomeUnknown(text);
  if (outcome === "DELIVERED") return `Accepted by the gateway${codes ? ` (${codes})` : ""}.`;
  if (/^No usable gateway:/i.test(text)) return noUsableGateway(text);
  switch (prefix) {
    case "auth":
      return authentication(detail, code, codes);
    case "tls":
      return encryption(detail, codes);
    case "connection":
      return connection(detail);
    case "session":
      return session(detail, code, codes);
    case "message":
    case "size":
      return refusedBeforeSending(detail);
    case "config":
      return `Outgate could not use this gateway's stored settings (${detail}). If OUTGATE_SECRET_KEY changed, enter the gateway's password again.`;
    case "unexpected":
      return `The gateway gave an answer that does not fit the command (${detail}); the message will be retried.`;
  }
  if (/^SIZE:/.test(detail)) return refusedBeforeSending(detail);
  if (/^No reply for this recipient$/i.test(text)) return "The gateway gave no answer for this recipient; it will be retried.";
  return smtpAnswer(code, codes, detail);
}

function outcomeUnknown(text: string): string {
  const within = /within ([\d.]+) s\b/.exec(text);
  if (within) return `Outcome unknown: the gateway did not answer the end of the message within ${duration(Number(within[1]))}; ${TWICE}.`;
  return `Outcome unknown: the connection ended before the gateway answered the end of the message; ${TWICE}.`;
}

function noUsableGateway(text: string): string {
  if (/no enabled gateway routes this sender domain/i.test(text)) {
    return "No enabled gateway routes this sender's domain: enable a gateway, or assign the domain to one. The message stays queued.";
  }
  return "No gateway could take the message this time (each one's reason is in the attempts above or in the response); it stays queued and is retried.";
}

function authentication(detail: string, code: number | undefined, codes: string): string {
  const offers = /the server offers ([^;]+)/.exec(detail)?.[1];
  if (/offers no AUTH mechanism/i.test(detail)) {
    const extensions = /\(it offers ([^)]*)\)/.exec(detail)?.[1];
    return `Authentication is on, but the gateway offers no way to log in (no AUTH${extensions ? `; it offers ${extensions}` : ""}). Turn authentication off for this gateway, or check the port (submission is usually 587).`;
  }
  if (/Outgate supports/.test(detail)) return `The gateway offers no login mechanism Outgate supports (${offers ?? "none"}; Outgate supports PLAIN, LOGIN and CRAM-MD5).`;
  if (code === 535) return `The gateway refused the password (${codes}): check the gateway's Auth Username and Auth Password.`;
  if (code === 504 || code === 534 || code === 538) {
    return `The gateway refused the login mechanism (${codes})${offers ? `; it offers ${offers}` : ""}: choose another Auth mechanism, or Auto, under Advanced.`;
  }
  if (code === 454) return `The gateway could not check the password just now (${codes}); the message will be retried.`;
  return `Authentication failed${codes ? ` (${codes})` : ""}: ${detail.replace(/^AUTH:\s*/, "")}.`;
}

function encryption(detail: string, codes: string): string {
  if (/does not offer STARTTLS/i.test(detail)) {
    const offers = /\(it offers ([^)]*)\)/.exec(detail)?.[1];
    const tail = /clear text/i.test(detail)
      ? "Outgate does not send the password unencrypted, so it tried the next gateway."
      : "Encryption is set to STARTTLS (required), so nothing was sent.";
    return `STARTTLS required but not offered: the gateway did not offer STARTTLS${offers ? ` (it offers ${offers})` : ""}. ${tail}`;
  }
  if (/STARTTLS refused/i.test(detail)) return `The gateway refused STARTTLS${codes ? ` (${codes})` : ""}, so the connection could not be encrypted.`;
  if (/certificate|self[- ]signed|altname|CERT_|UNABLE_TO_VERIFY/i.test(detail)) {
    return `The gateway's TLS certificate was not accepted (${stripStage(detail)}). Fix the certificate, or turn off Verify certificate if you trust the network.`;
  }
  return `The encrypted connection could not be set up: ${stripStage(detail)}.`;
}

function connection(detail: string): string {
  const refused = /ECONNREFUSED ([^\s,)]+)/.exec(detail);
  if (refused) return `Connection refused by ${refused[1]}: nothing accepts connections on that address and port.`;
  const noConnection = /no connection to (\S+) within ([\d.]+) s/.exec(detail);
  if (noConnection) return `No connection to ${noConnection[1]} within ${duration(Number(noConnection[2]))} (the connect timeout): the gateway is down or a firewall drops the traffic.`;
  const lookup = /(ENOTFOUND|EAI_AGAIN) (\S+)/.exec(detail);
  if (lookup) return `The gateway's name ${lookup[2]} could not be found in DNS.`;
  if (/EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN/.test(detail)) return `The gateway's network cannot be reached (${stripStage(detail)}).`;
  const blocked = /^data block: timed out, the gateway took no data for ([\d.]+) s/.exec(detail);
  if (blocked) return `The gateway stopped taking the message's data for ${duration(Number(blocked[1]))} (the data block timeout); nothing was delivered.`;
  const timeout = /^([\w ]+?): timed out, no answer within ([\d.]+) s/.exec(detail);
  if (timeout) return `The gateway did not ${waitedFor(timeout[1])} within ${duration(Number(timeout[2]))} (the ${timeoutSetting(timeout[1])}).`;
  const stage = /^([\w ]+?): /.exec(detail)?.[1];
  if (/closed the connection/i.test(detail)) return `The gateway closed the connection${stage ? ` during ${stageWords(stage)}` : ""}.`;
  if (/ECONNRESET/.test(detail)) return `The connection was reset${stage ? ` during ${stageWords(stage)}` : ""}.`;
  return `The gateway could not be reached: ${stripStage(detail) || "no reason given"}.`;
}

function session(detail: string, code: number | undefined, codes: string): string {
  if (/connection limit|too many (concurrent )?(connections|sessions)|\b4\.3\.2\b/i.test(detail)) {
    return `Too many connections: the gateway limits concurrent sessions${codes ? ` (${codes})` : ""}. Outgate lowers its connections to it for a while; lower Max connections under Advanced if this keeps happening.`;
  }
  // refuseOwnListener's reason (lib/engine/delivery/smtp/open-session.ts): Outgate ended the session, not the gateway.
  if (/^greeting: this gateway is Outgate's own SMTP listener/i.test(detail)) {
    return "This gateway is Outgate's own SMTP listener, so mail sent there would come back here (a mail loop): Outgate sent nothing to it. Change the gateway's address or port to the smarthost's.";
  }
  if (/^greeting:/i.test(detail)) return `The gateway refused the session in its greeting${codes ? ` (${codes})` : ""}: ${answerText(detail)}.`;
  if (/^EHLO/i.test(detail)) return `The gateway refused Outgate's EHLO/HELO${codes ? ` (${codes})` : ""}: check the name Outgate announces (OUTGATE_EHLO_NAME).`;
  if (code === 530) return `The gateway requires authentication (${codes}): turn on authentication for this gateway.`;
  if (code === 421) return `The gateway closed the session (${codes}): it is busy or shutting down.`;
  return `The gateway ended the session${codes ? ` (${codes})` : ""}: ${answerText(detail)}.`;
}

function refusedBeforeSending(detail: string): string {
  const size = /the message is (\d+) bytes and the gateway accepts at most (\d+) bytes/.exec(detail);
  if (size) {
    return `Message larger than the gateway's limit (SIZE ${megabytes(Number(size[2]))}): it is ${megabytes(Number(size[1]))}, so it was not sent.`;
  }
  if (/^8BITMIME:/.test(detail)) return "The message has 8-bit content, the gateway does not offer 8BITMIME, and it could not be re-encoded to 7 bits: not sent.";
  if (/^SMTPUTF8:/.test(detail)) return "The message needs SMTPUTF8 (non-ASCII addresses or header fields) and the gateway does not offer it: not sent.";
  if (/cannot be sent in an SMTP envelope/.test(detail)) return `An address cannot be written in an SMTP envelope: ${detail.replace(/^message:\s*/, "")}.`;
  return `Not sent: ${detail}.`;
}

/** A reply from the gateway to the message itself (MAIL, RCPT, DATA). */
function smtpAnswer(code: number | undefined, codes: string, detail: string): string {
  const enhanced = ENHANCED.exec(detail)?.[1];
  const said = answerText(detail);
  if (code === undefined) return detail || "No reason recorded.";
  if (code === 552 || enhanced === "5.3.4" || enhanced === "5.2.3") return `Message larger than the gateway's limit (${codes}): ${said}.`;
  if (code === 421) return `The gateway closed the session (${codes}): it is busy or shutting down; the message will be retried.`;
  if (code === 530) return `The gateway requires authentication (${codes}): turn on authentication for this gateway.`;
  if (enhanced === "5.1.1" || enhanced === "5.1.10") return `The recipient's mailbox does not exist (${codes}): ${said}.`;
  if (enhanced?.startsWith("5.7.")) return `The gateway refused the message by policy (${codes}), e.g. relaying denied or the sender not allowed: ${said}.`;
  if (code === 452 && enhanced === "4.5.3") return `Too many recipients for one transaction (${codes}); the rest go in the next transaction.`;
  if (code === 452 || enhanced === "4.2.2") return `The gateway is short of storage or the mailbox is full (${codes}); the message will be retried.`;
  if (code >= 400 && code < 500) return `The gateway deferred the message for now (${codes}): ${said}. Outgate retries on the schedule.`;
  if (code >= 500) return `The gateway refused the message permanently (${codes}): ${said}.`;
  return `The gateway answered ${codes}: ${said}.`;
}

function readCode(text: string): number | undefined {
  const match = /(?:^|[\s(:])([245]\d\d)(?=[\s-]|$)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** "535 5.7.8": the code with the enhanced code that follows it (the last such reply, when several tries are listed). */
function codeLabel(code: number | undefined, text: string): string {
  if (code === undefined) return "";
  const replies = [...text.matchAll(new RegExp(`\\b${code}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b`, "g"))];
  const enhanced = replies.at(-1)?.[1];
  return enhanced ? `${code} ${enhanced}` : String(code);
}

/** The server's own words without the reply code and enhanced code that are shown in brackets already. */
function answerText(text: string): string {
  const withoutStage = stripStage(text);
  const words = withoutStage.replace(/^.*?\b[2-5]\d\d[\s-]+(?:[245]\.\d{1,3}\.\d{1,3}\s+)?/, "").trim();
  return words || withoutStage;
}

function stripStage(text: string): string {
  return text.replace(/^(connect|TLS|STARTTLS|greeting|EHLO|AUTH|MAIL|RCPT|DATA|data block|end of data|RSET)( refused| session refused)?:\s*/i, "").trim();
}

const STAGES: Record<string, { waited: string; setting: string; words: string }> = {
  greeting: { waited: "send its greeting (220)", setting: "greeting timeout", words: "the greeting" },
  EHLO: { waited: "answer EHLO", setting: "MAIL timeout", words: "EHLO" },
  STARTTLS: { waited: "answer STARTTLS", setting: "MAIL timeout", words: "STARTTLS" },
  AUTH: { waited: "answer AUTH", setting: "MAIL timeout", words: "authentication" },
  MAIL: { waited: "answer MAIL FROM", setting: "MAIL timeout", words: "MAIL FROM" },
  RSET: { waited: "answer RSET", setting: "MAIL timeout", words: "RSET" },
  RCPT: { waited: "answer RCPT TO", setting: "RCPT timeout", words: "RCPT TO" },
  DATA: { waited: "answer DATA (354)", setting: "DATA initiation timeout", words: "DATA" },
  "data block": { waited: "take the message's data", setting: "data block timeout", words: "the message's data" },
  connect: { waited: "accept the connection", setting: "connect timeout", words: "the connect" },
};
const waitedFor = (stage: string) => STAGES[stage]?.waited ?? `answer ${stage}`;
const timeoutSetting = (stage: string) => STAGES[stage]?.setting ?? "stage timeout";
const stageWords = (stage: string) => STAGES[stage]?.words ?? stage;

function duration(seconds: number): string {
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? "" : "s"}`;
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
