import type { RoutableGateway } from "./types";
import { admitCandidate, type FailedGateways, type GatewayRefusal } from "./admit-candidate";
import { applyAnswerRule, listAnswers } from "./apply-answer-rule";
import { decideOutcome, describeResponse, logAttempt, pickCode, recordAttempt, type AttemptOutcome, type AttemptRecord } from "./attempt-record";
import { gatewayLabel, toGatewayConnection } from "./gateway-connection";
import { handOnCapabilityRefusals } from "./hand-on-capability-refusals";
import { sendThroughGateway } from "./send-through-gateway";
import { getTransport } from "./transport-pool";
import type { TransportSettings } from "./transport-options";
import type { GatewaySendResult, RecipientResult } from "./types";
import type { EnvelopeDsn } from "../../validation/dsn-request";
import { findAnswerRule, labelFiredRule, type AnswerRule, type SmtpAnswer } from "../rules/match-answer-rule";

export type DeliverableMessage = {
  id: string;
  messageId: string;
  /** "" is the null sender. */
  envelopeFrom: string;
  raw: Buffer;
  /** The recipients still pending. */
  recipients: string[];
  /** The sender's RFC 3461 request, passed on to a gateway that offers DSN. */
  dsn?: EnvelopeDsn;
};

export type DeliveryReport = {
  /** One per pending recipient: delivered, failed (5xx) or deferred. */
  recipients: RecipientResult[];
  attempts: AttemptRecord[];
  /** Why the message is not (fully) delivered, for the console; null when everything went out. */
  lastError: string | null;
  /** The gateway that answered last (null when none could be reached). */
  gatewayId: string | null;
  /** The answering gateway's label, for the Remote-MTA field of a DSN. */
  gatewayAddress: string | null;
  /**
   * Set when an answer rule deferred the message (or every candidate was suspended by one): the pending recipients
   * are due again at this time, and this try does not count as an attempt.
   */
  deferUntil?: Date;
};

/** State shared by the messages of one batch. */
export type DeliveryContext = {
  /**
   * Gateways that failed during this drain's cool-down, with the reason: skipped, so a dead one costs one timeout, not
   * one per message or per claim in flight.
   */
  failedGateways: FailedGateways;
  /** Called once per gateway and cool-down when it fails as a whole (puts it in cool-down). */
  onGatewayFailure: (gateway: RoutableGateway, reason: string) => Promise<void>;
  transportSettings: Partial<TransportSettings>;
  /** Enabled answer rules in order (lib/engine/rules), loaded by the queue. */
  answerRules?: readonly AnswerRule[];
  /** Gateways an answer rule suspended, until when and by which rule: skipped like failed ones. */
  suspendedGateways?: ReadonlyMap<string, { until: Date; rule: string }>;
  /** Called when a rule fires on a gateway's answer (records the suspension or the lowered rate for every worker). */
  onRuleFired?: (gateway: RoutableGateway, rule: AnswerRule, answer: SmtpAnswer) => Promise<void>;
  /**
   * Asked right before a gateway is tried; the drain reserves a slot of the gateway's sending limits there, so mail
   * that fails over counts against the next gateway too (issue 15). A refusal (the limit is full) skips the gateway
   * like a suspended one; when nothing was tried the message waits until `until`, not counted as an attempt.
   */
  admitGateway?: (gateway: RoutableGateway) => Promise<GatewayRefusal | null> | null;
};

export const NO_USABLE_GATEWAY = "No usable gateway";

/**
 * Sends one message through its candidate gateways in order. A candidate that is suspended, failed earlier in the
 * batch or at its sending limit is skipped (admitCandidate). A gateway that fails as a whole (connection, TLS,
 * AUTH, 421 on a fresh session) is recorded as FAILOVER and the next one is tried within the same attempt; the first
 * gateway that answers decides each recipient (delivered, 4xx deferred, 5xx failed). Recipients a gateway cannot take
 * because its EHLO lacks what the message needs (SMTPUTF8, 8BITMIME, SIZE: RecipientResult.cannotTake) go on to the
 * next gateway too, without cooling the healthy gateway down; they fail with that refusal only when no later gateway
 * is left and every other gateway of the route answered, and wait (deferred) when one was skipped or failed as a
 * whole (handOnCapabilityRefusals, issue 11). No recipient is sent twice: the next gateway gets only those. An
 * unanswered end of data is UNKNOWN and never fails over (the next gateway would send a second copy at once). Never
 * throws.
 */
export async function deliverMessage(
  message: DeliverableMessage,
  candidates: RoutableGateway[],
  context: DeliveryContext,
): Promise<DeliveryReport> {
  const attempts: AttemptRecord[] = [];
  const problems: string[] = [];
  // Nothing left to send (e.g. every recipient was settled by an earlier attempt whose completion was lost).
  if (message.recipients.length === 0) return { recipients: [], attempts, lastError: null, gatewayId: null, gatewayAddress: null };

  let suspendedUntil: Date | null = null;
  // The earliest time a gateway that refused the message (admitGateway: its limit is full) has room again.
  let waitUntil: Date | null = null;
  // A gateway that failed as a whole is a failover only once another gateway is actually tried after it; if none is
  // (the last candidate, or the rest skipped), its attempt is recorded as DEFERRED: the message simply waits.
  let untriedFailover: AttemptRecord | null = null;
  // Recipients settled by a gateway that could not take the others; `current` carries only those others onwards.
  const kept: RecipientResult[] = [];
  let current = message;
  // A gateway of the route was skipped or failed as a whole: it might take what this one cannot, so such recipients
  // wait for a later attempt instead of failing for good.
  let unasked = false;
  const settleFailover = (outcome: AttemptOutcome) => {
    if (!untriedFailover) return;
    untriedFailover.outcome = outcome;
    logAttempt(current, untriedFailover);
    untriedFailover = null;
  };
  for (const [index, gateway] of candidates.entries()) {
    const label = gatewayLabel(gateway);
    const skip = await admitCandidate(gateway, context);
    if (skip) {
      problems.push(`${label}: ${skip.reason}`);
      if (skip.suspendedUntil && (!suspendedUntil || skip.suspendedUntil < suspendedUntil)) suspendedUntil = skip.suspendedUntil;
      if (skip.refusedUntil && (!waitUntil || skip.refusedUntil < waitUntil)) waitUntil = skip.refusedUntil;
      unasked = true;
      continue;
    }
    settleFailover("FAILOVER");
    const startedAt = new Date();
    let result = await sendOnce(current, gateway, context);
    const durationMs = Date.now() - startedAt.getTime();

    const fired = findAnswerRule(context.answerRules ?? [], gateway.id, listAnswers(result));
    if (fired) {
      await context.onRuleFired?.(gateway, fired.rule, fired.answer);
      const ruled = applyAnswerRule(fired.rule, result);
      if (ruled === "suspend") {
        // The gateway is out for the rule's minutes: this message goes on to the next candidate now, and the rest of
        // the batch skips the gateway (failedGateways), like a gateway that failed as a whole.
        const reason = `${labelFiredRule(fired.rule)}: ${fired.answer.text}`;
        const attempt = recordAttempt(gateway, current, "FAILOVER", fired.answer.code, fired.answer.text, startedAt, durationMs, labelFiredRule(fired.rule));
        attempts.push(attempt);
        problems.push(`${label}: ${reason}`);
        context.failedGateways.set(gateway.id, reason);
        untriedFailover = attempt;
        unasked = true;
        continue;
      }
      if (ruled !== null) {
        // Deferred by the rule: no failover, and not counted as an attempt.
        const attempt = recordAttempt(gateway, current, decideOutcome(ruled.recipients), fired.answer.code, describeResponse(ruled), startedAt, durationMs, labelFiredRule(fired.rule));
        attempts.push(attempt);
        logAttempt(current, attempt);
        const undelivered = ruled.recipients.find((recipient) => recipient.status !== "delivered");
        return {
          recipients: kept.concat(ruled.recipients),
          attempts,
          lastError: undelivered ? `${label}: ${undelivered.response} (${labelFiredRule(fired.rule)})` : null,
          gatewayId: gateway.id,
          gatewayAddress: gateway.address,
          deferUntil: new Date(Date.now() + fired.rule.minutes * 60_000),
        };
      }
      if (fired.rule.action === "SUSPEND_GATEWAY") context.failedGateways.set(gateway.id, `${labelFiredRule(fired.rule)}: ${fired.answer.text}`);
    }

    if (isGatewayFailure(result)) {
      const reason = result.failure?.reason ?? result.recipients[0]?.response ?? "gateway failed";
      const attempt = recordAttempt(gateway, current, "FAILOVER", result.failure?.code ?? result.recipients[0]?.code ?? null, reason, startedAt, durationMs, fired ? labelFiredRule(fired.rule) : null);
      attempts.push(attempt);
      problems.push(`${label}: ${reason}`);
      if (!context.failedGateways.has(gateway.id)) {
        context.failedGateways.set(gateway.id, reason);
        await context.onGatewayFailure(gateway, reason);
      }
      untriedFailover = attempt;
      unasked = true;
      continue;
    }

    const handOn = handOnCapabilityRefusals(result, { laterGateway: index < candidates.length - 1, unasked });
    if (handOn.handOn) {
      // The gateway is healthy (no cool-down, no failedGateways); only the recipients it cannot take go on.
      const { taken } = handOn;
      const attempt = recordAttempt(gateway, current, taken.length === 0 ? "FAILOVER" : "PARTIAL", pickCode(result), describeResponse(result), startedAt, durationMs, fired ? labelFiredRule(fired.rule) : null);
      attempts.push(attempt);
      problems.push(`${label}: ${handOn.refusal}`);
      kept.push(...taken);
      if (taken.length === 0) untriedFailover = attempt;
      else logAttempt(current, attempt);
      current = { ...current, recipients: handOn.carried };
      continue;
    }
    result = handOn.result;
    const attempt = recordAttempt(gateway, current, decideOutcome(result.recipients), pickCode(result), describeResponse(result), startedAt, durationMs, fired ? labelFiredRule(fired.rule) : null);
    attempts.push(attempt);
    logAttempt(current, attempt);
    const settled = kept.concat(result.recipients);
    const undelivered = settled.find((recipient) => recipient.status !== "delivered");
    return {
      recipients: settled,
      attempts,
      lastError: undelivered ? `${label}: ${undelivered.response}` : null,
      gatewayId: gateway.id,
      gatewayAddress: gateway.address,
    };
  }

  // Nothing answered: every recipient waits for the next attempt; the message is never dropped for this.
  settleFailover("DEFERRED");
  const resumeAt = suspendedUntil && waitUntil ? (suspendedUntil < waitUntil ? suspendedUntil : waitUntil) : (suspendedUntil ?? waitUntil);
  const reason = `${NO_USABLE_GATEWAY}: ${problems.length > 0 ? problems.join("; ") : "no enabled gateway routes this sender domain"}`;
  if (attempts.length === 0) {
    const attempt = recordAttempt(null, message, "DEFERRED", null, reason, new Date(), 0, suspendedUntil ? "Suspended by an answer rule" : null);
    attempts.push(attempt);
    logAttempt(message, attempt);
  }
  return {
    recipients: kept.concat(current.recipients.map((recipient) => ({ recipient, status: "deferred" as const, response: reason, failover: true }))),
    attempts,
    lastError: reason,
    gatewayId: null,
    gatewayAddress: null,
    // Only suspended or full gateways stood in the way and none was tried: wait for the first to have room, uncounted.
    ...(resumeAt && attempts.every((attempt) => attempt.gatewayId === null) ? { deferUntil: resumeAt } : {}),
  };
}

async function sendOnce(message: DeliverableMessage, gateway: RoutableGateway, context: DeliveryContext): Promise<GatewaySendResult> {
  let transport;
  try {
    transport = getTransport(toGatewayConnection(gateway), gateway.updatedAt.toISOString(), context.transportSettings);
  } catch (error) {
    // Unreadable credentials (e.g. OUTGATE_SECRET_KEY changed) are this gateway's problem, not the message's.
    const reason = `config: ${error instanceof Error ? error.message : String(error)}`;
    return {
      recipients: message.recipients.map((recipient) => ({ recipient, status: "deferred", response: reason, failover: true })),
      failure: { kind: "failover", reason },
    };
  }
  return sendThroughGateway(transport, { raw: message.raw, envelope: { from: message.envelopeFrom, to: message.recipients, dsn: message.dsn } });
}

function isGatewayFailure(result: GatewaySendResult): boolean {
  if (result.failure) return result.failure.kind === "failover";
  return result.recipients.length > 0 && result.recipients.every((recipient) => recipient.failover);
}
