import type { SmtpChannel } from "./smtp-channel";
import { SmtpClientError, refusedBy } from "./smtp-client-error";
import type { SmtpReply } from "./smtp-reply";
import { downgradeToSevenBit } from "./downgrade-to-seven-bit";
import { needsSmtpUtf8, prepareMessage, type PreparedMessage } from "./prepare-message";
import type { SmtpExtensions } from "./read-extensions";
import type { SmtpSession } from "./open-session";
import type { SessionOptions } from "./session-options";
import { formatMailDsnParameters, formatRcptDsnParameters } from "../../../validation/dsn-request";

/**
 * What happened to one recipient: accepted (reply = the answer to the end of data), refused at RCPT, or failed.
 * dsnPassedOn: accepted by a gateway that offers DSN, so the sender's RFC 3461 request went with it (§5.2.1).
 */
export type RecipientOutcome = { recipient: string; accepted: boolean; reply: SmtpReply | null; error: SmtpClientError | null; dsnPassedOn?: boolean };

export type SessionWork = {
  settled: RecipientOutcome[];
  /** Recipients not yet sent when the session failed; they get `error`, or another session. */
  unsettled: string[];
  error: SmtpClientError | null;
  /** The session ended (421, lost connection) before the final "." was written: sending again cannot duplicate. */
  resendable: boolean;
};

/** Body bytes per write; each must leave within dataBlockMs (RFC 5321 §4.5.3.2.5). */
const DATA_BLOCK_BYTES = 256 * 1024;
const DOT_ONLY = Buffer.from(".\r\n");
const LOST_CONNECTION = new Set(["ECONNECTION", "ECONNRESET", "EPIPE", "ECONNABORTED"]);

type Transaction = {
  accepted: string[];
  refused: RecipientOutcome[];
  /** 452 (or 552 5.5.3) "too many recipients": for the next transaction (RFC 5321 §4.5.3.1.10). */
  tooMany: Array<{ recipient: string; reply: SmtpReply }>;
  endReply: SmtpReply | null;
  /** MAIL, DATA or the end of data refused: the message itself, so it applies to every recipient left. */
  refusal: SmtpClientError | null;
};

/**
 * Sends one message to `recipients` over an open session: at most `recipientsPerTransaction` RCPT per transaction,
 * recipients answered "too many" go in the next transaction at once. MAIL, the RCPTs and DATA are written in one go
 * when the server offers PIPELINING (RFC 2920), and the replies read in order.
 */
export async function sendOnSession(session: SmtpSession, message: PreparedMessage, recipients: string[], options: SessionOptions): Promise<SessionWork> {
  const settled: RecipientOutcome[] = [];
  const fitted = fitMessage(message, session.extensions);
  if (fitted instanceof SmtpClientError) {
    for (const recipient of recipients) settled.push({ recipient, accepted: false, reply: null, error: fitted });
    return { settled, unsettled: [], error: null, resendable: false };
  }
  message = fitted;
  let queue = recipients;
  if (!session.extensions.smtpUtf8 && recipients.some(needsSmtpUtf8)) {
    // A UTF-8 mailbox cannot be downgraded (RFC 6531 §3.2); the other recipients still get the message.
    for (const recipient of recipients.filter(needsSmtpUtf8)) settled.push({ recipient, accepted: false, reply: null, error: NO_SMTPUTF8_ADDRESS });
    queue = recipients.filter((recipient) => !needsSmtpUtf8(recipient));
  }
  const perTransaction = Math.max(1, options.recipientsPerTransaction);
  while (queue.length > 0) {
    const batch = queue.length <= perTransaction ? queue : queue.slice(0, perTransaction);
    let rest = queue.length <= perTransaction ? [] : queue.slice(perTransaction);
    let transaction: Transaction;
    try {
      transaction = await runTransaction(session, message, batch, options);
    } catch (caught) {
      const error = caught instanceof SmtpClientError ? caught : new SmtpClientError("ECONNECTION", "MAIL", String(caught));
      session.channel.destroy();
      const resendable = error.code !== "EOUTCOME" && (error.responseCode === 421 || LOST_CONNECTION.has(error.code));
      return { settled, unsettled: batch.concat(rest), error, resendable };
    }
    settled.push(...transaction.refused);
    const { refusal, endReply, tooMany } = transaction;
    if (refusal) {
      // Everyone not refused at RCPT gets the refusal of the message (MAIL, DATA or the end of data).
      const refused = new Set(transaction.refused.map((outcome) => outcome.recipient));
      for (const recipient of batch.concat(rest)) {
        if (!refused.has(recipient)) settled.push({ recipient, accepted: false, reply: null, error: refusal });
      }
      break;
    }
    const dsnPassedOn = session.extensions.dsn;
    for (const recipient of transaction.accepted) settled.push({ recipient, accepted: true, reply: endReply, error: null, ...(dsnPassedOn ? { dsnPassedOn } : {}) });
    if (tooMany.length > 0) {
      if (transaction.accepted.length === 0) {
        // Not even one more fits: the rest waits for a later attempt with the server's own answer.
        for (const { recipient, reply } of tooMany) settled.push({ recipient, accepted: false, reply, error: null });
        for (const recipient of rest) settled.push({ recipient, accepted: false, reply: tooMany[0].reply, error: null });
        break;
      }
      rest = tooMany.map(({ recipient }) => recipient).concat(rest);
    }
    queue = rest;
  }
  return { settled, unsettled: [], error: null, resendable: false };
}

async function runTransaction(session: SmtpSession, message: PreparedMessage, batch: string[], options: SessionOptions): Promise<Transaction> {
  const { channel, extensions } = session;
  const timeouts = options.timeouts;
  const mail = `MAIL FROM:<${message.from}>${mailParameters(message, extensions, batch)}\r\n`;
  const result: Transaction = { accepted: [], refused: [], tooMany: [], endReply: null, refusal: null };
  let dataReply: SmtpReply;

  if (extensions.pipelining) {
    let commands = mail;
    for (const recipient of batch) commands += rcptCommand(message, extensions, recipient);
    channel.write(commands + "DATA\r\n");
    const pending: Array<Promise<SmtpReply>> = [channel.read("MAIL", timeouts.mailMs)];
    for (let index = 0; index < batch.length; index++) pending.push(channel.read("RCPT", timeouts.rcptMs));
    pending.push(channel.read("DATA", timeouts.dataInitMs));
    const replies = await readInOrder(pending);
    const mailReply = replies[0];
    dataReply = replies[replies.length - 1];
    if (mailReply.code === 421) throw refusedBy("EENVELOPE", "MAIL", mailReply, "MAIL: the gateway is closing the session");
    if (mailReply.code >= 300) {
      result.refusal = refusedBy("EENVELOPE", "MAIL", mailReply);
      await abandon(channel, dataReply, options);
      return result;
    }
    for (let index = 0; index < batch.length; index++) readRcpt(result, batch[index], replies[index + 1]);
  } else {
    channel.write(mail);
    const mailReply = await channel.read("MAIL", timeouts.mailMs);
    if (mailReply.code === 421) throw refusedBy("EENVELOPE", "MAIL", mailReply, "MAIL: the gateway is closing the session");
    if (mailReply.code >= 300) {
      result.refusal = refusedBy("EENVELOPE", "MAIL", mailReply);
      await reset(channel, options);
      return result;
    }
    for (const recipient of batch) {
      channel.write(rcptCommand(message, extensions, recipient));
      readRcpt(result, recipient, await channel.read("RCPT", timeouts.rcptMs));
    }
    if (result.accepted.length === 0) {
      await reset(channel, options);
      return result;
    }
    channel.write("DATA\r\n");
    dataReply = await channel.read("DATA", timeouts.dataInitMs);
  }

  if (dataReply.code === 421) throw refusedBy("EENVELOPE", "DATA", dataReply, "DATA: the gateway is closing the session");
  if (result.accepted.length === 0) {
    await abandon(channel, dataReply, options);
    return result;
  }
  if (dataReply.code !== 354) {
    result.refusal = refusedBy("EENVELOPE", "DATA", dataReply);
    await reset(channel, options);
    return result;
  }
  await channel.writeData(message.body, message.end, timeouts.dataBlockMs, DATA_BLOCK_BYTES);
  const endReply = await channel.read("end of data", timeouts.dataTermMs);
  if (endReply.code >= 200 && endReply.code < 300) result.endReply = endReply;
  else result.refusal = refusedBy("EMESSAGE", "end of data", endReply, "the message was refused");
  return result;
}

/**
 * The replies to a pipelined group (RFC 2920), in order. A server that answers one command with 421 closes the session
 * (RFC 5321 §3.8), so the replies after it never come: the 421 is the answer to report, with its command, not "the
 * gateway closed the connection" at a later one.
 */
async function readInOrder(pending: Promise<SmtpReply>[]): Promise<SmtpReply[]> {
  const settled = await Promise.allSettled(pending);
  const replies: SmtpReply[] = [];
  for (const outcome of settled) {
    if (outcome.status === "fulfilled") {
      replies.push(outcome.value);
      continue;
    }
    const closing = replies.findIndex((reply) => reply.code === 421);
    if (closing === 0) throw refusedBy("EENVELOPE", "MAIL", replies[0], "MAIL: the gateway is closing the session");
    if (closing > 0) throw refusedBy("EENVELOPE", "RCPT", replies[closing], "RCPT: the gateway is closing the session");
    throw outcome.reason;
  }
  return replies;
}

function readRcpt(result: Transaction, recipient: string, reply: SmtpReply): void {
  if (reply.code === 421) throw refusedBy("EENVELOPE", "RCPT", reply, "RCPT: the gateway is closing the session");
  if (reply.code >= 200 && reply.code < 300) result.accepted.push(recipient);
  // RFC 5321 §4.5.3.1.10: 452 is "too many recipients" (not 4.2.2 mailbox full, 4.3.1 out of storage); old servers
  // say 552 5.5.3, which clients should treat as temporary.
  else if ((reply.code === 452 && (reply.enhanced === null || reply.enhanced === "4.5.3")) || (reply.code === 552 && reply.enhanced === "5.5.3")) result.tooMany.push({ recipient, reply });
  else result.refused.push({ recipient, accepted: false, reply, error: null });
}

/**
 * RFC 1870 SIZE=, RFC 6152 BODY=8BITMIME, RFC 6531 SMTPUTF8: what the message needs and the server offers; RFC 3461
 * RET= and ENVID= as the sender gave them, to a server that offers DSN only (§5.2.1; without it Outgate's own DSNs
 * answer for the request, lib/engine/queue/prepare-bounce.ts).
 */
function mailParameters(message: PreparedMessage, extensions: SmtpExtensions, batch: string[]): string {
  let parameters = extensions.size !== null ? ` SIZE=${message.size}` : "";
  if (message.eightBit && extensions.eightBitMime) parameters += " BODY=8BITMIME";
  if (extensions.smtpUtf8 && (message.utf8 || batch.some(needsSmtpUtf8))) parameters += " SMTPUTF8";
  if (extensions.dsn) parameters += formatMailDsnParameters(message.dsn?.message);
  return parameters;
}

/** RCPT TO with the recipient's RFC 3461 NOTIFY= and ORCPT= when the server offers DSN. */
function rcptCommand(message: PreparedMessage, extensions: SmtpExtensions, recipient: string): string {
  const parameters = extensions.dsn ? formatRcptDsnParameters(message.dsn?.recipients.get(recipient)) : "";
  return `RCPT TO:<${recipient}>${parameters}\r\n`;
}

// Outgate's own refusals begin with their RFC 3463 enhanced status code, as a server's reply text does, so the DSN
// reports what happened (build-dsn.ts statusFor) rather than 5.4.7, "delivery time expired". They are ECAPABILITY:
// this gateway's EHLO lacks what the message needs, so another gateway of the route may still take it (issue 11).
const NO_SMTPUTF8_ADDRESS = new SmtpClientError(
  "ECAPABILITY",
  "message",
  // X.6.7: non-ASCII addresses not permitted for that sender/recipient (RFC 6531 §3.5, RFC 5248).
  "5.6.7 SMTPUTF8: this recipient's address is not ASCII (RFC 6531) and the gateway does not offer SMTPUTF8; not sent",
);

/**
 * The message as this server can take it, or why it cannot, known before anything is sent (ECAPABILITY, in the
 * admin's words: the next gateway of the route is tried, and the message fails only if none can take it): over the server's SIZE, UTF-8 headers without SMTPUTF8, 8-bit bytes without 8BITMIME that cannot be
 * re-encoded to 7 bits (downgradeToSevenBit says which can).
 */
function fitMessage(message: PreparedMessage, extensions: SmtpExtensions): PreparedMessage | SmtpClientError {
  if (message.utf8 && !extensions.smtpUtf8) {
    return new SmtpClientError(
      "ECAPABILITY",
      "message",
      // X.6.7 for the sender's address; X.6.9 (the IANA registry): a UTF-8 header message cannot be transferred.
      `${/[^\x00-\x7f]/.test(message.from) ? "5.6.7" : "5.6.9"} SMTPUTF8: the message has UTF-8 in its sender address or header fields (RFC 6531, RFC 6532) and the gateway does not offer SMTPUTF8; not sent`,
    );
  }
  if (message.eightBit && !extensions.eightBitMime && !(message.utf8 && extensions.smtpUtf8)) {
    if (message.sevenBit === undefined) {
      const sevenBit = downgradeToSevenBit(message.raw);
      message.sevenBit = sevenBit && prepareMessage(sevenBit, { from: message.from, to: message.recipients, dsn: message.dsn });
    }
    if (!message.sevenBit) {
      return new SmtpClientError(
        "ECAPABILITY",
        "message",
        // X.6.3: conversion required but not supported (RFC 3463).
        "5.6.3 8BITMIME: the message has 8-bit bytes, the gateway does not offer 8BITMIME (RFC 6152) and only a single text part can be re-encoded to 7 bits; not sent — encode the parts as quoted-printable or base64, or use a gateway that offers 8BITMIME",
      );
    }
    message = message.sevenBit;
  }
  if (extensions.size && message.size > extensions.size) {
    return new SmtpClientError(
      "ECAPABILITY",
      "message",
      // X.3.4: message too big for system (RFC 3463).
      `5.3.4 SIZE: the message is ${message.size} bytes and the gateway accepts at most ${extensions.size} bytes (EHLO SIZE ${extensions.size}, RFC 1870); not sent`,
    );
  }
  return message;
}

/** After a pipelined group that came to nothing: a 354 still wants data, so send an empty one (RFC 2920 §3.1). */
async function abandon(channel: SmtpChannel, dataReply: SmtpReply, options: SessionOptions): Promise<void> {
  if (dataReply.code !== 354) return reset(channel, options);
  channel.write(DOT_ONLY);
  await channel.read("DATA", options.timeouts.dataTermMs);
}

/** RSET after a transaction that did not finish; a session that cannot reset is closed, not reused. */
async function reset(channel: SmtpChannel, options: SessionOptions): Promise<void> {
  channel.write("RSET\r\n");
  const reply = await channel.read("RSET", options.timeouts.mailMs).catch(() => null);
  if (reply?.code !== 250) channel.destroy();
}
