import { openSession } from "./open-session";
import { SmtpClientError } from "./smtp-client-error";
import type { SessionOptions } from "./session-options";
import type { SmtpStage } from "./smtp-client-error";

/** What one probe found; `error` is in the admin's terms (stage, what the server answered). */
export type ProbeResult =
  | { ok: true; latencyMs: number }
  | { ok: false; latencyMs: number; stage: SmtpStage; error: string };

/**
 * A probe waits at most this long for any one stage: long enough for a greeting delayed by a busy server or a
 * tarpit, short enough that a hung gateway shows as Down within a couple of intervals. Deliveries keep the RFC
 * 5321 §4.5.3.2 timeouts; a probe sends no mail, so nothing is lost by giving up sooner.
 */
export const PROBE_STAGE_TIMEOUT_MS = 30_000;

/**
 * Checks a gateway the way a delivery would start, without mail: connect, greeting, EHLO, STARTTLS with the
 * certificate check, AUTH where configured, then QUIT. `latencyMs` runs from connect to the end of AUTH (or EHLO).
 * Never throws.
 */
export async function probeGateway(options: SessionOptions, now: () => number = Date.now): Promise<ProbeResult> {
  const cap = (ms: number) => Math.min(ms, PROBE_STAGE_TIMEOUT_MS);
  const { timeouts } = options;
  const startedAt = now();
  try {
    const session = await openSession({
      ...options,
      timeouts: { ...timeouts, connectMs: cap(timeouts.connectMs), greetingMs: cap(timeouts.greetingMs), mailMs: cap(timeouts.mailMs) },
    });
    const latencyMs = now() - startedAt;
    session.channel.quit();
    return { ok: true, latencyMs };
  } catch (error) {
    const latencyMs = now() - startedAt;
    if (error instanceof SmtpClientError) return { ok: false, latencyMs, stage: error.stage, error: error.message };
    const { code, message } = error as Error & { code?: string };
    return { ok: false, latencyMs, stage: "connect", error: `connect: ${code ?? message}` };
  }
}
