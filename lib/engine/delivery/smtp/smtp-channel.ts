import type net from "node:net";
import { ReplyReader, type SmtpReply } from "./smtp-reply";
import { SmtpClientError, type SmtpStage } from "./smtp-client-error";

type Waiter = { stage: SmtpStage; timeoutMs: number; resolve: (reply: SmtpReply) => void; reject: (error: SmtpClientError) => void };

/** Why the channel is unusable; errors are built from it for whichever stage was waiting. */
type Loss = { kind: "timeout"; stage: SmtpStage; timeoutMs: number } | { kind: "closed" } | { kind: "socket"; error: Error & { code?: string } } | { kind: "garbage"; line: string };

/**
 * Commands out, replies in, on one socket. Replies are matched to readers in order, which is what PIPELINING
 * needs (RFC 2920: replies come in the order of the commands). Each reply has its own time limit, counted from the
 * moment it is the one awaited, so each stage gets the RFC 5321 §4.5.3.2 timeout it is configured with.
 * A timeout or a lost connection ends the channel; a lost answer to the end of data is "outcome unknown".
 */
export class SmtpChannel {
  private socket: net.Socket;
  private readonly reader: ReplyReader;
  private readonly waiters: Waiter[] = [];
  private readonly early: SmtpReply[] = [];
  private timer: NodeJS.Timeout | null = null;
  private loss: Loss | null = null;
  /** The server said 421 (closing): no further commands. */
  private closing = false;
  /** Called once when the channel becomes unusable (e.g. an idle session closed by the server). */
  onLost: (() => void) | null = null;

  constructor(socket: net.Socket) {
    this.socket = socket;
    this.reader = new ReplyReader(
      (reply) => this.deliver(reply),
      (line) => this.lose({ kind: "garbage", line }),
    );
    this.attach(socket);
  }

  /** True while commands can be sent: connected, no timeout, no 421, no reply nobody asked for. */
  get usable(): boolean {
    return this.loss === null && !this.closing && this.early.length === 0 && !this.socket.destroyed;
  }

  /** Bytes received and not yet read as a reply (a STARTTLS injection check, RFC 3207 §6 / CVE-2011-0411). */
  get hasUnreadReplies(): boolean {
    return this.early.length > 0;
  }

  write(data: string | Buffer): void {
    if (this.loss) return;
    this.socket.write(data);
  }

  /** The next reply, within `timeoutMs` of being the one awaited. */
  read(stage: SmtpStage, timeoutMs: number): Promise<SmtpReply> {
    const early = this.early.shift();
    if (early) return Promise.resolve(early);
    if (this.loss) return Promise.reject(this.errorFor(stage));
    return new Promise((resolve, reject) => {
      this.waiters.push({ stage, timeoutMs, resolve, reject });
      if (this.waiters.length === 1) this.startTimer();
    });
  }

  /**
   * Writes the message body in blocks, each within `blockMs` (RFC 5321 §4.5.3.2.5: the time for one TCP SEND),
   * then `end`. A small body and its end go out in one write. Rejects when the connection is lost or stalls first;
   * once this resolves, the end of data is on its way and any loss is "outcome unknown".
   */
  async writeData(body: Buffer, end: Buffer, blockMs: number, blockBytes: number): Promise<void> {
    const socket = this.socket;
    if (body.length <= blockBytes) {
      if (this.loss) throw this.errorFor("data block");
      socket.cork();
      socket.write(body);
      socket.write(end);
      socket.uncork();
      return;
    }
    for (let offset = 0; offset < body.length; offset += blockBytes) {
      if (this.loss) throw this.errorFor("data block");
      if (!socket.write(body.subarray(offset, offset + blockBytes))) await this.drained(blockMs);
    }
    if (this.loss) throw this.errorFor("data block");
    socket.write(end);
  }

  /** Swaps the socket (STARTTLS): the old one's listeners go, the new one's come. */
  replaceSocket(next: net.Socket): void {
    this.detach(this.socket);
    this.socket = next;
    this.attach(next);
  }

  /** Lets go of the socket without closing it (for the TLS upgrade), the channel keeps no listeners on it. */
  releaseSocket(): net.Socket {
    this.detach(this.socket);
    return this.socket;
  }

  /** Ends the session politely: QUIT (RFC 5321 §4.1.1.10), without waiting for the 221. */
  quit(): void {
    const socket = this.socket;
    if (this.usable) socket.end("QUIT\r\n");
    this.loss ??= { kind: "closed" };
    setTimeout(() => socket.destroy(), 2000).unref();
  }

  destroy(): void {
    this.loss ??= { kind: "closed" };
    this.socket.destroy();
  }

  private readonly onData = (chunk: Buffer) => this.reader.feed(chunk);
  private readonly onError = (error: Error) => this.lose({ kind: "socket", error });
  private readonly onClose = () => this.lose({ kind: "closed" });

  private attach(socket: net.Socket): void {
    socket.on("data", this.onData);
    socket.on("error", this.onError);
    socket.on("close", this.onClose);
  }

  private detach(socket: net.Socket): void {
    socket.off("data", this.onData);
    socket.off("error", this.onError);
    socket.off("close", this.onClose);
  }

  private deliver(reply: SmtpReply): void {
    if (reply.code === 421) this.closing = true;
    const waiter = this.waiters.shift();
    if (!waiter) {
      // Nobody asked: e.g. a 421 sent to an idle session before the server hangs up.
      this.early.push(reply);
      this.onLost?.();
      return;
    }
    this.stopTimer();
    if (this.waiters.length > 0) this.startTimer();
    waiter.resolve(reply);
  }

  private startTimer(): void {
    const head = this.waiters[0];
    this.timer = setTimeout(() => this.lose({ kind: "timeout", stage: head.stage, timeoutMs: head.timeoutMs }), head.timeoutMs);
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private drained(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (error?: SmtpClientError) => {
        clearTimeout(timer);
        this.socket.off("drain", onDrain);
        this.socket.off("close", onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => done();
      const onClose = () => done(this.errorFor("data block"));
      const timer = setTimeout(() => {
        this.lose({ kind: "timeout", stage: "data block", timeoutMs });
        done(this.errorFor("data block"));
      }, timeoutMs);
      this.socket.on("drain", onDrain);
      this.socket.on("close", onClose);
    });
  }

  private lose(loss: Loss): void {
    if (this.loss && loss.kind === "closed") return;
    const first = this.loss === null;
    if (first) this.loss = loss;
    this.stopTimer();
    const head = this.waiters[0];
    if (head) {
      const error = this.errorFor(head.stage);
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    }
    if (!this.socket.destroyed) this.socket.destroy();
    if (first) this.onLost?.();
  }

  private errorFor(stage: SmtpStage): SmtpClientError {
    const loss = this.loss ?? { kind: "closed" };
    if (stage === "end of data") return outcomeUnknown(loss);
    switch (loss.kind) {
      case "timeout":
        return new SmtpClientError(
          "ETIMEDOUT",
          loss.stage,
          loss.stage === "data block"
            ? `data block: timed out, the gateway took no data for ${seconds(loss.timeoutMs)}`
            : `${loss.stage}: timed out, no answer within ${seconds(loss.timeoutMs)}`,
        );
      case "socket":
        return new SmtpClientError(loss.error.code ?? "ECONNECTION", stage, `${stage}: ${loss.error.message}`);
      case "garbage":
        return new SmtpClientError("EPROTOCOL", stage, `${stage}: the server sent something that is not an SMTP reply (${describeGarbage(loss.line)})`);
      case "closed":
        return new SmtpClientError("ECONNECTION", stage, `${stage}: the gateway closed the connection`);
    }
  }
}

/**
 * What a line that is not SMTP looks like, never the line itself: a gateway address may be any host and port, and
 * the console must not become a way to read other services' banners (issue #12, kind 10).
 */
function describeGarbage(line: string): string {
  if (/^HTTP\/\d|^<(!doctype|html)/i.test(line)) return "it looks like HTTP; is this the SMTP port?";
  if (/^SSH-\d/.test(line)) return "it looks like SSH; is this the SMTP port?";
  return "is this the SMTP port?";
}

const MAY_BE_TWICE = "the gateway may have accepted the message; it may be delivered twice";

function outcomeUnknown(loss: Loss): SmtpClientError {
  const what =
    loss.kind === "timeout"
      ? `no answer to the end of data within ${seconds(loss.timeoutMs)}`
      : loss.kind === "socket"
        ? `the connection failed (${loss.error.message}) before the gateway answered the end of data`
        : `the connection was lost before the gateway answered the end of data`;
  return new SmtpClientError("EOUTCOME", "end of data", `outcome unknown: ${what} — ${MAY_BE_TWICE}`);
}

export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
