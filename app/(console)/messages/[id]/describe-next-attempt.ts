import { formatTime } from "@/components/messages/format";

type Schedule = { status: string; nextAttemptAt: Date; completedAt: Date | null; leaseUntil: Date | null };

/**
 * The summary row about what happens next: when a queued message is due, that a worker is sending it (its lease runs;
 * if that worker stopped, the message is claimed again when the lease ends), that held mail waits for a release, or
 * when the message was completed. `now` is the page's render time.
 */
export function describeNextAttempt(message: Schedule, now: Date): [label: string, text: string] {
  if (message.status === "HELD") return ["Next attempt", "None while held: released, it is due at once"];
  if (message.status !== "QUEUED") return ["Completed", formatTime(message.completedAt)];
  if (isLeased(message, now)) return ["Next attempt", `Being delivered now; if its worker stopped, tried again at ${formatTime(message.leaseUntil)}`];
  return ["Next attempt", formatTime(message.nextAttemptAt)];
}

/** An admin's action recorded while a worker held the message: when it takes effect. */
export function describePendingAction(action: string, message: Schedule, now: Date): string {
  const atTheLatest = isLeased(message, now) ? ` (at the latest at ${formatTime(message.leaseUntil)}, when its lease ends)` : "";
  return `${action}, applied when the delivery attempt under way ends${atTheLatest}`;
}

function isLeased(message: Schedule, now: Date): message is Schedule & { leaseUntil: Date } {
  return message.leaseUntil !== null && message.leaseUntil.getTime() > now.getTime();
}
