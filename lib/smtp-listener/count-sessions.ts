import type { SmtpReply } from "./answer-smtp-error";

/** What a new session is refused for, or null when it may open. */
export type SessionRefusal = "total" | "per_ip" | null;

export type SessionCounter = {
  /** Counts the session in, or says which limit it would break (then it is not counted). */
  open(sessionId: string, clientIp: string): SessionRefusal;
  /** Counts a session out; a session never counted in (refused) is ignored. */
  close(sessionId: string): void;
  /** Sessions open now. */
  size(): number;
};

/**
 * Open SMTP sessions of this process, in total and per client address, so one client (or a flood of them) cannot take
 * every session: `maxTotal` over all ports, `maxPerIp` from one address.
 */
export function createSessionCounter({ maxTotal, maxPerIp }: { maxTotal: number; maxPerIp: number }): SessionCounter {
  const ipOf = new Map<string, string>();
  const perIp = new Map<string, number>();
  return {
    open(sessionId, clientIp) {
      if (ipOf.size >= maxTotal) return "total";
      const fromIp = perIp.get(clientIp) ?? 0;
      if (fromIp >= maxPerIp) return "per_ip";
      ipOf.set(sessionId, clientIp);
      perIp.set(clientIp, fromIp + 1);
      return null;
    },
    close(sessionId) {
      const clientIp = ipOf.get(sessionId);
      if (clientIp === undefined) return;
      ipOf.delete(sessionId);
      const left = (perIp.get(clientIp) ?? 1) - 1;
      if (left <= 0) perIp.delete(clientIp);
      else perIp.set(clientIp, left);
    },
    size: () => ipOf.size,
  };
}

/**
 * The reply to a session refused for `refusal`: 421, the server closing the channel (RFC 5321 §3.8), with 4.7.0, a
 * policy refusal (RFC 3463 §3.8); the client tries again in a moment.
 */
export function describeSessionRefusal(refusal: "total" | "per_ip", hostName: string): SmtpReply {
  return { code: 421, enhanced: "4.7.0", text: `${hostName} Too many sessions${refusal === "per_ip" ? " from your address" : ""}; try again in a moment` };
}
