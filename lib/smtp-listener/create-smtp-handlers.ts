import type { SMTPServerAddress, SMTPServerAuthentication, SMTPServerDataStream, SMTPServerOptions, SMTPServerSession } from "smtp-server";
import { authenticateSmtpCredential, findIpRelayClient, type AuthenticatedSmtpClient } from "../console/smtp-credentials/authenticate-smtp-credential";
import { recheckSmtpClient } from "../console/smtp-credentials/recheck-smtp-client";
import { AppError } from "../platform/errors";
import { log, logAuthFailure } from "../platform/log";
import { submitSmtpMessage } from "../submission/submit-smtp-message";
import { checkEnvelopeSender } from "../submission/accept-message";
import { normaliseMailbox } from "../validation/mailbox";
import { answerSmtpError, toSmtpReplyError, type SmtpReply } from "./answer-smtp-error";
import { describeSessionRefusal, type SessionCounter } from "./count-sessions";
import type { OutgateSmtpHooks } from "./outgate-smtp-server";
import { readMessageData } from "./read-message-data";
import { readSessionDsn } from "./read-session-dsn";
import type { SmtpActivityRecorder } from "./record-smtp-activity";
import { loggedAddress, logSmtpRefusal, type SmtpRefusal } from "./log-smtp-refusal";

export type SmtpHandlerLimits = {
  maxMessagesPerSession: number;
  maxRecipients: number;
  /** The most octets of data kept: the SIZE the listener advertises (start-smtp-listener.ts advertisedSize); more is 552 5.3.4. */
  maxMessageBytes: number;
  dataTimeoutMs: number;
};

export type SmtpHandlerContext = {
  limits: SmtpHandlerLimits;
  sessions: SessionCounter;
  activity: SmtpActivityRecorder;
  hostName: string;
  /** Ends a session at once (a client too slow to send its data). */
  dropSession: (sessionId: string) => void;
  /** Each DATA transaction while its message is read and stored, removed once answered (the listener's close waits). */
  transactions: Set<Promise<void>>;
};

/** `how`: whether the session logged in (AUTH) or was let in by its network (IP-only relay). */
type SessionState = { client: AuthenticatedSmtpClient | null; how: "auth" | "ip_relay"; messages: number };

type Handlers = Required<Pick<SMTPServerOptions, "onConnect" | "onAuth" | "onMailFrom" | "onRcptTo" | "onData" | "onClose">>;

const reject = (code: number, enhanced: string, text: string) => toSmtpReplyError({ code, enhanced, text });

/**
 * A UTF-8 local part in a transaction whose MAIL FROM did not declare SMTPUTF8: RFC 6531 §3.4 refuses it with the
 * enhanced code 5.6.7, "non-ASCII addresses not permitted" (RFC 5248) — 550 at MAIL, 553 at RCPT. (smtp-server
 * turns an A-label domain into Unicode, so only the local part tells.)
 */
function lacksSmtpUtf8(address: string, session: SMTPServerSession): boolean {
  return session.envelope.smtpUtf8 !== true && /[^\x00-\x7f]/.test(address.slice(0, address.lastIndexOf("@")));
}
const NO_SMTPUTF8 = "Non-ASCII address: declare SMTPUTF8 on MAIL FROM to use one (RFC 6531)";

/**
 * The Received field's "with" protocol: smtp-server's ESMTP / ESMTPS / ESMTPA / ESMTPSA (RFC 3848), or for a
 * transaction under SMTPUTF8 the UTF8SMTP family (UTF8SMTPSA…, RFC 6531 §3.7.3).
 */
function withProtocol(session: SMTPServerSession): string {
  const protocol = session.transmissionType || "ESMTP";
  return session.envelope.smtpUtf8 === true ? protocol.replace(/^E?SMTP/, "UTF8SMTP") : protocol;
}

/**
 * smtp-server's callbacks for one listener process (all its ports): session limits at connect, AUTH against the SMTP
 * credentials, the sender checked at MAIL FROM (550 5.7.1 before any data: never an open relay), recipients checked
 * and counted, and the data through the API's one intake (submitSmtpMessage) — 250 only once the message is committed.
 * Every refusal is an SMTP reply built by answerSmtpError or here, with its enhanced status code; with them come the
 * hooks of the protocol layer (OutgateSmtpConnection): whether a session may begin a transaction at all, and the one
 * place a refusal is logged (smtp.rejected) and counted for the overview, so the two always agree.
 */
export function createSmtpHandlers({ limits, sessions, activity, hostName, dropSession, transactions }: SmtpHandlerContext): Handlers & OutgateSmtpHooks {
  const states = new Map<string, SessionState>();
  const stateOf = (session: SMTPServerSession) => {
    let state = states.get(session.id);
    if (!state) states.set(session.id, (state = { client: null, how: "ip_relay", messages: 0 }));
    return state;
  };
  // An IP-relay client never logged in: its credential is the one its network matched (a refusal in the protocol layer
  // knows only the session's AUTH name).
  const recordRefusal = (refusal: SmtpRefusal) => {
    logSmtpRefusal({ ...refusal, credential: refusal.credential ?? states.get(refusal.session)?.client?.name ?? null });
    activity.rejected();
  };
  const logRefusal = (session: SMTPServerSession, stage: "CONNECT" | "MAIL FROM" | "RCPT TO" | "DATA", reply: SmtpReply, address?: string) =>
    recordRefusal({
      session: session.id,
      client: session.remoteAddress,
      credential: null,
      stage,
      code: reply.code,
      enhanced: reply.enhanced,
      reason: reply.text,
      ...(address === undefined ? {} : { address: loggedAddress(address) }),
    });
  /** Refuses MAIL FROM (`address`: the sender refused) or DATA. */
  const refuseTransaction = (session: SMTPServerSession, stage: "MAIL FROM" | "DATA", callback: (error?: Error | null) => void, reply: SmtpReply, address?: string) => {
    logRefusal(session, stage, reply, address);
    callback(toSmtpReplyError(reply));
  };
  const refuseRecipient = (session: SMTPServerSession, callback: (error?: Error | null) => void, reply: SmtpReply, address: string) => {
    logRefusal(session, "RCPT TO", reply, address);
    callback(toSmtpReplyError(reply));
  };

  return {
    recordRefusal,

    async checkMailClient(session) {
      const state = stateOf(session);
      // 421 closes the session (RFC 5321 §3.8); the client opens a new one for the rest.
      if (state.messages >= limits.maxMessagesPerSession) return { code: 421, enhanced: "4.7.0", text: `At most ${limits.maxMessagesPerSession} messages per session; reconnect to send more` };
      try {
        // The credential as it stands now: a revoked one stops this session too, within a second (recheckSmtpClient).
        if (state.client) state.client = await recheckSmtpClient(state.client, state.how, session.remoteAddress);
        if (!state.client) Object.assign(state, { client: await findIpRelayClient(session.remoteAddress), how: "ip_relay" });
      } catch (error) {
        return answerSmtpError(error);
      }
      return state.client ? null : { code: 530, enhanced: "5.7.0", text: "Authentication required" };
    },

    onConnect(session, callback) {
      const refusal = sessions.open(session.id, session.remoteAddress);
      if (refusal) {
        const reply = describeSessionRefusal(refusal, hostName);
        logRefusal(session, "CONNECT", reply);
        return callback(toSmtpReplyError(reply));
      }
      callback();
    },

    onAuth(auth: SMTPServerAuthentication, session, callback) {
      if (auth.method !== "PLAIN" && auth.method !== "LOGIN") return callback(reject(504, "5.5.4", "Unrecognized authentication type"));
      // RFC 4616 §2: an authorization identity other than the one proven asks to act as someone else, which no
      // credential may; smtp-server passes both and lets the application decide.
      const { authzid, authcid } = auth as SMTPServerAuthentication & { authzid?: string; authcid?: string };
      if (auth.method === "PLAIN" && authzid && authcid && authzid.toLowerCase() !== authcid.toLowerCase()) {
        logAuthFailure({ service: "smtp", user: authcid, client: session.remoteAddress, reason: "asked to act as another identity (AUTH PLAIN authzid)" });
        return callback(reject(535, "5.7.8", "Authentication credentials invalid"));
      }
      authenticateSmtpCredential({ username: auth.username ?? "", password: auth.password ?? "", clientIp: session.remoteAddress })
        .then((client) => {
          Object.assign(stateOf(session), { client, how: "auth" });
          callback(null, { user: client.name });
        })
        .catch((error: unknown) => {
          // RFC 4954 §6: 454 4.7.0 is a temporary failure — the client may try again later (the throttle's lock).
          if (error instanceof AppError && error.code === "rate_limited") return callback(reject(454, "4.7.0", error.message));
          const reply = answerSmtpError(error);
          callback(toSmtpReplyError(reply.code === 535 ? { ...reply, text: "Authentication credentials invalid" } : reply));
        });
    },

    // After checkMailClient (the protocol layer asks it first) and smtp-server's own checks of the line (SIZE=…).
    onMailFrom(address: SMTPServerAddress, session, callback) {
      const state = stateOf(session);
      void (async () => {
        if (!state.client) return refuseTransaction(session, "MAIL FROM", callback, { code: 530, enhanced: "5.7.0", text: "Authentication required" }, address.address);
        // The null reverse-path of a mail server's bounces and auto-replies (RFC 5321 §4.5.5) names no domain: the
        // message's From field does, and is held to the sender rules after DATA (readNullSenderDomain).
        if (address.address === "") return callback();
        if (lacksSmtpUtf8(address.address, session)) return refuseTransaction(session, "MAIL FROM", callback, { code: 550, enhanced: "5.6.7", text: NO_SMTPUTF8 }, address.address);
        const sender = normaliseMailbox(address.address, { utf8: session.envelope.smtpUtf8 === true });
        if ("problem" in sender) return refuseTransaction(session, "MAIL FROM", callback, { code: 553, enhanced: "5.1.7", text: `Sender address refused: ${sender.problem}` }, address.address);
        await checkEnvelopeSender({ client: state.client, label: "This SMTP credential" }, sender.address, "MAIL FROM");
        address.address = sender.address;
        callback();
      })().catch((error: unknown) => refuseTransaction(session, "MAIL FROM", callback, answerSmtpError(error), address.address));
    },

    onRcptTo(address: SMTPServerAddress, session, callback) {
      if (lacksSmtpUtf8(address.address, session)) return refuseRecipient(session, callback, { code: 553, enhanced: "5.6.7", text: NO_SMTPUTF8 }, address.address);
      const recipient = normaliseMailbox(address.address, { utf8: session.envelope.smtpUtf8 === true });
      if ("problem" in recipient) return refuseRecipient(session, callback, { code: 553, enhanced: "5.1.3", text: `Recipient address refused: ${recipient.problem}` }, address.address);
      const known = session.envelope.rcptTo;
      if (known.some((rcpt) => rcpt.address === recipient.address)) return callback();
      // RFC 5321 §4.5.3.1.10: 452 for too many recipients; the client sends the rest in another transaction.
      if (known.length >= limits.maxRecipients) return refuseRecipient(session, callback, { code: 452, enhanced: "4.5.3", text: `Too many recipients; at most ${limits.maxRecipients} per message` }, address.address);
      address.address = recipient.address;
      callback();
    },

    onData(stream: SMTPServerDataStream, session, callback) {
      const state = stateOf(session);
      state.messages++;
      const transaction = (async () => {
        const data = await readMessageData(stream, { maxBytes: limits.maxMessageBytes, timeoutMs: limits.dataTimeoutMs, onTimeout: () => dropSession(session.id) });
        if (data.kind === "lost") return; // the client is gone: nothing is queued and nobody is answered
        if (data.kind === "too_large") {
          // smtp-server answers this one itself (rejectOversized, its own 552 text), and the protocol layer records it
          // (outgate-smtp-server.ts): this reply is never sent.
          return callback(reject(552, "5.3.4", `Message is ${data.bytes} octets; the limit is ${limits.maxMessageBytes}`));
        }
        const mailFrom = session.envelope.mailFrom;
        if (!state.client || !mailFrom) return refuseTransaction(session, "DATA", callback, { code: 503, enhanced: "5.5.1", text: "MAIL FROM first" });
        const recipients = [...new Set(session.envelope.rcptTo.map((rcpt) => rcpt.address))];
        const queued = await submitSmtpMessage({
          client: state.client,
          envelopeFrom: mailFrom.address,
          recipients,
          ...readSessionDsn(session.envelope, recipients),
          data: data.data,
          arrival: {
            clientIp: session.remoteAddress,
            helo: session.hostNameAppearsAs || "",
            clientHostname: session.clientHostname && !session.clientHostname.startsWith("[") ? session.clientHostname : null,
            protocol: withProtocol(session),
            hostName,
          },
        });
        activity.accepted();
        // The same fields as smtp.rejected: client is the address, credential the name an admin gave it.
        log("info", "smtp.accepted", {
          session: session.id,
          client: session.remoteAddress,
          credential: state.client.name,
          credentialId: state.client.id,
          id: queued.id,
          messageId: queued.messageId,
          recipients: recipients.length,
          repeated: queued.repeated,
        });
        callback(null, `2.0.0 Queued as ${queued.id}`);
      })().catch((error: unknown) => refuseTransaction(session, "DATA", callback, answerSmtpError(error)));
      transactions.add(transaction);
      void transaction.finally(() => transactions.delete(transaction));
    },

    onClose(session) {
      states.delete(session.id);
      sessions.close(session.id);
    },
  };
}
