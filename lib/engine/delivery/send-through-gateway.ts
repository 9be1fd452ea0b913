import type SMTPConnection from "nodemailer/lib/smtp-connection";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import { classifySmtpError, classifySmtpResponseCode, parseSmtpResponseCode } from "./classify-smtp-error";
import type { GatewayTransport } from "./transport-pool";
import type { ClassifiedSmtpError, GatewaySendResult, OutgoingMessage, RecipientResult } from "./types";

/** The one thing needed from a transport; a pooled transport from getTransport() fits. */
export type MailSender = Pick<GatewayTransport, "sendMail">;

type RejectedError = SMTPConnection.SMTPError & { recipient?: string };

/**
 * Sends one prepared message through one gateway and reports every recipient separately: RCPT TO is answered per
 * recipient (RFC 5321 §3.3), so one message can be delivered to some, deferred for others and bounced for the rest.
 * Never throws; a failure of the whole transaction is classified and applied to all recipients.
 */
export async function sendThroughGateway(transport: MailSender, message: OutgoingMessage): Promise<GatewaySendResult> {
  const { envelope } = message;
  try {
    const info = await transport.sendMail({ raw: message.raw, envelope: { from: envelope.from, to: envelope.to } });
    return {
      recipients: envelope.to.map((recipient) => resultFromInfo(recipient, info)),
      failure: null,
      response: info.response,
    };
  } catch (error) {
    // nodemailer fails the whole send when every RCPT was refused, but still hands over each refusal.
    const rejectedErrors = (error as { rejectedErrors?: RejectedError[] }).rejectedErrors;
    if (Array.isArray(rejectedErrors) && rejectedErrors.length > 0) {
      return {
        recipients: envelope.to.map((recipient) => resultFromRejection(recipient, findRejection(rejectedErrors, recipient))),
        failure: null,
      };
    }
    const failure = classifySmtpError(error);
    const response = readResponse(error) ?? failure.reason;
    return { recipients: envelope.to.map((recipient) => resultFromFailure(recipient, failure, response)), failure };
  }
}

function resultFromInfo(recipient: string, info: SMTPPool.SentMessageInfo): RecipientResult {
  if (includesAddress(info.accepted, recipient)) {
    const code = parseSmtpResponseCode(info.response);
    return { recipient, status: "delivered", ...(code ? { code } : {}), response: info.response, failover: false };
  }
  return resultFromRejection(recipient, findRejection(info.rejectedErrors ?? [], recipient));
}

function resultFromRejection(recipient: string, rejection: RejectedError | undefined): RecipientResult {
  if (!rejection) {
    // nodemailer rewrote the address (e.g. IDN to punycode) so it cannot be matched; try it again later.
    return { recipient, status: "deferred", response: "No reply for this recipient", failover: false };
  }
  const response = rejection.response ?? rejection.message;
  const code = rejection.responseCode ?? parseSmtpResponseCode(response);
  const kind = code ? classifySmtpResponseCode(code) : "retry";
  return {
    recipient,
    status: kind === "permanent" ? "failed" : "deferred",
    ...(code ? { code } : {}),
    response,
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
  };
}

function findRejection(errors: RejectedError[], recipient: string): RejectedError | undefined {
  return errors.find((error) => typeof error.recipient === "string" && sameAddress(error.recipient, recipient));
}

function includesAddress(list: Array<string | { address: string }>, recipient: string): boolean {
  return list.some((entry) => sameAddress(typeof entry === "string" ? entry : entry.address, recipient));
}

// Local parts may be case-sensitive in theory (RFC 5321 §2.4), but one envelope never holds two that differ by case.
function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function readResponse(error: unknown): string | undefined {
  const response = (error as { response?: unknown } | null)?.response;
  return typeof response === "string" && response ? response : undefined;
}
