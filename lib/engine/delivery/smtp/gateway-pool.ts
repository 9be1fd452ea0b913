import { log } from "../../../platform/log";
import { isConnectionLimitRefusal, openSession, type SmtpSession } from "./open-session";
import { prepareMessage } from "./prepare-message";
import { sendOnSession, type RecipientOutcome } from "./send-on-session";
import type { EnvelopeDsn } from "../../../validation/dsn-request";
import type { SmtpClientError } from "./smtp-client-error";
import type { SessionOptions } from "./session-options";

export type { RecipientOutcome };

/** What a prepared message needs: the bytes as stored and the SMTP envelope (RFC 5321 MAIL FROM / RCPT TO, RFC 3461 DSN). */
export type PreparedMail = { raw: Buffer; envelope: { from: string; to: string[]; dsn?: EnvelopeDsn } };

/** One outcome per envelope recipient, in envelope order. */
export type MailResult = { recipients: RecipientOutcome[] };

/** Idle sessions are closed after this long; servers drop idle clients anyway (Postfix after 300 s). */
const IDLE_MS = 30_000;
/** Successful messages in a row before a lowered connection limit goes up by one again. */
const RECOVER_AFTER = 20;

/**
 * Up to `maxConnections` SMTP sessions to one gateway, each carrying `messagesPerConnection` messages before a
 * fresh one replaces it. Session-level answers stay about the session:
 * - a 421 or a lost connection on a reused session before the final "." → a fresh session and an immediate resend
 *   (the server ended an old session; the gateway is fine);
 * - a "too many connections" greeting while other sessions to the gateway are open → this pool's limit drops to
 *   what the gateway took, mail keeps going on the open sessions, and the limit creeps back up after successes.
 * A failure on a fresh session (connect, TLS, AUTH, greeting, 421) is the gateway's: the caller fails over.
 */
export class GatewayPool {
  private open = 0;
  private limit: number;
  private successes = 0;
  private closed = false;
  private readonly idle: SmtpSession[] = [];
  private readonly waiters: Array<() => void> = [];
  private sweeper: NodeJS.Timeout | null = null;

  constructor(readonly options: SessionOptions) {
    this.limit = Math.max(1, options.maxConnections);
  }

  /** SMTP sessions open to the gateway right now, busy or idle (for /metrics). */
  get openSessions(): number {
    return this.open;
  }

  /** The connection limit in force now (lower than configured after the gateway refused connections). */
  get connectionLimit(): number {
    return this.limit;
  }

  async sendMail(mail: PreparedMail): Promise<MailResult> {
    const message = prepareMessage(mail.raw, mail.envelope);
    const outcomes = new Map<string, RecipientOutcome>();
    let remaining = message.recipients;
    let failure: SmtpClientError | null = null;
    for (let fresh = false; ; fresh = true) {
      let session: SmtpSession;
      try {
        session = await this.acquire(fresh);
      } catch (error) {
        if (outcomes.size === 0) throw error;
        failure = error as SmtpClientError;
        break;
      }
      const reused = session.messages > 0;
      const work = await sendOnSession(session, message, remaining, this.options);
      this.release(session, work.error === null);
      for (const outcome of work.settled) outcomes.set(outcome.recipient, outcome);
      if (!work.error) break;
      remaining = work.unsettled;
      if (!(reused && work.resendable && !fresh)) {
        failure = work.error;
        break;
      }
      log("info", "smtp.session_resend", { gateway: `${this.options.host}:${this.options.port}`, reason: work.error.message });
    }
    if (failure) for (const recipient of remaining) outcomes.set(recipient, { recipient, accepted: false, reply: null, error: failure });
    return { recipients: message.recipients.map((recipient) => outcomes.get(recipient)!) };
  }

  /** Closes idle sessions now and busy ones when their message is done. */
  close(): void {
    this.closed = true;
    for (const session of this.idle.splice(0)) this.discard(session);
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  private async acquire(fresh: boolean): Promise<SmtpSession> {
    for (;;) {
      if (!fresh) {
        for (let session = this.idle.pop(); session; session = this.idle.pop()) {
          if (session.channel.usable) {
            session.state = "busy";
            return session;
          }
          this.discard(session);
        }
      }
      if (this.open < this.limit) {
        this.open += 1;
        try {
          const session = await openSession(this.options);
          session.channel.onLost = () => this.lost(session);
          return session;
        } catch (error) {
          this.open -= 1;
          this.wakeOne();
          if (isConnectionLimitRefusal(error) && this.open > 0) {
            this.lowerLimit();
            continue;
          }
          throw error;
        }
      }
      if (fresh && this.idle.length > 0) {
        this.discard(this.idle.shift()!);
        continue;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private release(session: SmtpSession, succeeded: boolean): void {
    session.messages += 1;
    if (succeeded) this.succeeded();
    if (this.closed || !session.channel.usable || session.messages >= this.options.messagesPerConnection) {
      this.discard(session);
      return;
    }
    session.state = "idle";
    session.idleSince = Date.now();
    this.idle.push(session);
    this.sweeper ??= setInterval(() => this.sweep(), IDLE_MS / 3).unref();
    this.wakeOne();
  }

  /** Ends a session (QUIT when still usable) and frees its place. */
  private discard(session: SmtpSession): void {
    if (session.state === "closed") return;
    session.state = "closed";
    this.open -= 1;
    session.channel.quit();
    this.wakeOne();
  }

  /** The server ended a session (421, closed socket): an idle one leaves the pool at once. */
  private lost(session: SmtpSession): void {
    if (session.state !== "idle") return;
    const index = this.idle.indexOf(session);
    if (index !== -1) this.idle.splice(index, 1);
    this.discard(session);
  }

  private sweep(): void {
    const oldest = Date.now() - IDLE_MS;
    while (this.idle.length > 0 && this.idle[0].idleSince < oldest) this.discard(this.idle.shift()!);
    if (this.idle.length === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
  }

  private lowerLimit(): void {
    const limit = Math.max(1, this.open);
    if (limit >= this.limit) return;
    this.limit = limit;
    this.successes = 0;
    log("warn", "smtp.connection_limit_lowered", { gateway: `${this.options.host}:${this.options.port}`, limit });
  }

  private succeeded(): void {
    if (this.limit >= this.options.maxConnections) return;
    this.successes += 1;
    if (this.successes < RECOVER_AFTER) return;
    this.successes = 0;
    this.limit += 1;
    log("info", "smtp.connection_limit_raised", { gateway: `${this.options.host}:${this.options.port}`, limit: this.limit });
    this.wakeOne();
  }

  private wakeOne(): void {
    this.waiters.shift()?.();
  }
}
