import { classifySmtpError, classifySmtpResponseCode } from "./classify-smtp-error";
import type { RecipientOutcome } from "./smtp/send-on-session";
import type { GatewayTransport } from "./transport-pool";
import type { ClassifiedSmtpError, GatewaySendResult, OutgoingMessage, RecipientResult } from "./types";

/** The one thing needed from a transport; a pooled transport from getTransport() fits. */
export type MailSender = Pick<GatewayTransport, "sendMail">;

/**
 * Sends one prepared message through one gateway and reports every recipient separately: RCPT TO is answered per
 * recipient (RFC 5321 §3.3), so one message can be delivered to some, deferred for others and bounced for the rest.
 * Never throws; a failure of the whole transaction is classified and applied to all recipients.
 */
export async function sendThroughGateway(transport: MailSender, message: OutgoingMessage): Promise<GatewaySendResult> {
  const { envelope } = message;
  let outcomes: RecipientOutcome[];
  try {
    outcomes = (await transport.sendMail({ raw: message.raw, envelope: { from: envelope.from, to: envelope.to, dsn: envelope.dsn } })).recipients;
  } catch (error) {
    return wholeFailure(envelope.to, classifySmtpError(error), error);
  }
  // One error for everyone (connection, TLS, AUTH, MAIL, DATA, the end of data): the transaction failed as a whole.
  const shared = outcomes[0]?.error;
  if (shared && outcomes.every((outcome) => outcome.error === shared)) return wholeFailure(envelope.to, classifySmtpError(shared), shared);

  const recipients = outcomes.map((outcome) => {
    if (!outcome.error) return resultFromReply(outcome);
    const failure = classifySmtpError(outcome.error);
    return resultFromFailure(outcome.recipient, failure, outcome.error.response ?? failure.reason);
  });
  const accepted = outcomes.find((outcome) => outcome.accepted);
  return { recipients, failure: null, ...(accepted?.reply ? { response: accepted.reply.text } : {}) };
}

function wholeFailure(to: string[], failure: ClassifiedSmtpError, error: unknown): GatewaySendResult {
  const response = readResponse(error) ?? failure.reason;
  return { recipients: to.map((recipient) => resultFromFailure(recipient, failure, response)), failure };
}

function resultFromReply({ recipient, accepted, reply, dsnPassedOn }: RecipientOutcome): RecipientResult {
  if (!reply) return { recipient, status: "deferred", response: "No reply for this recipient", failover: false };
  if (accepted) return { recipient, status: "delivered", code: reply.code, response: reply.text, failover: false, ...(dsnPassedOn ? { dsnPassedOn } : {}) };
  const kind = classifySmtpResponseCode(reply.code);
  return {
    recipient,
    status: kind === "permanent" ? "failed" : "deferred",
    code: reply.code,
    response: reply.text,
    failover: kind === "failover",
  };
}

function resultFromFailure(recipient: string, failure: ClassifiedSmtpError, response: string): RecipientResult {
  return {
    recipient,
    status: failure.kind === "permanent" ? "failed" : "deferred",
    ...(failure.code ? { code: failure.code } : {}),
    response,
    failover: failure.kind === "failover",
    ...(failure.outcomeUnknown ? { outcomeUnknown: true } : {}),
    ...(failure.cannotTake ? { cannotTake: true } : {}),
  };
}

/** The server's own words when it answered; for errors of our own (timeouts, TLS, AUTH) the classified reason. */
function readResponse(error: unknown): string | undefined {
  const { response, code } = (error ?? {}) as { response?: unknown; code?: unknown };
  // AUTH and TLS reasons name the stage and what was offered; the bare reply would say less.
  if (code === "EAUTH" || code === "ETLS" || code === "ECONNLIMIT") return undefined;
  return typeof response === "string" && response ? response : undefined;
}
