import net from "node:net";
import tls from "node:tls";
import { getTestCertificate } from "@/test/smtp/test-certificate";

export type RawSession = {
  /** The server's first reply (220, or a refusal). */
  greeting: Promise<string>;
  /** Sends one line (CRLF added) and resolves with the whole reply (multi-line replies joined with CRLF). */
  command(line: string): Promise<string>;
  /** Sends the lines in one write (RFC 2920 pipelining) and resolves with `replies` replies, in order. */
  pipeline(lines: string[], replies: number): Promise<string[]>;
  write(text: string): void;
  /** The next reply not yet read (one the server sent unasked, such as a 421 before it closes). */
  reply(): Promise<string>;
  end(): void;
  destroy(): void;
};

/**
 * A bare SMTP client for what nodemailer will not do on purpose (AUTH before STARTTLS, a wrong SIZE, pipelining by
 * hand, hanging up mid-DATA). `tls: true` speaks TLS from the first byte, trusting the test certificate. `from`: the
 * client's own address, another loopback one (127.0.0.2…) to stand for another client machine.
 */
export async function openRawSession(
  port: number,
  { tls: useTls = false, expectGreeting = true, from }: { tls?: boolean; expectGreeting?: boolean; from?: string } = {},
): Promise<RawSession> {
  const { cert } = await getTestCertificate();
  const target = { host: "127.0.0.1", port, localAddress: from };
  const socket: net.Socket = useTls ? tls.connect({ ...target, ca: [cert], servername: "localhost" }) : net.connect(target);
  socket.on("error", () => undefined);
  let buffered = "";
  let current: string[] = [];
  const replies: string[] = [];
  const waiting: ((reply: string) => void)[] = [];
  socket.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    for (let index = buffered.indexOf("\r\n"); index !== -1; index = buffered.indexOf("\r\n")) {
      const line = buffered.slice(0, index);
      buffered = buffered.slice(index + 2);
      current.push(line);
      if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
        const reply = current.join("\r\n");
        current = [];
        const next = waiting.shift();
        if (next) next(reply);
        else replies.push(reply);
      }
    }
  });
  const nextReply = () =>
    new Promise<string>((resolve, reject) => {
      const ready = replies.shift();
      if (ready !== undefined) return resolve(ready);
      const timer = setTimeout(() => reject(new Error("no reply within 10 s")), 10_000);
      waiting.push((reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  const greeting = nextReply();
  if (expectGreeting) await greeting;
  return {
    greeting,
    command(line) {
      socket.write(`${line}\r\n`);
      return nextReply();
    },
    async pipeline(lines, count) {
      socket.write(lines.map((line) => `${line}\r\n`).join(""));
      const answers: string[] = [];
      for (let i = 0; i < count; i++) answers.push(await nextReply());
      return answers;
    },
    write: (text) => void socket.write(text),
    reply: nextReply,
    end: () => void socket.end("QUIT\r\n"),
    destroy: () => socket.destroy(),
  };
}

/**
 * The AUTH PLAIN command (RFC 4616: authorization identity, username, password) for a credential; the authorization
 * identity is empty unless `as` names one.
 */
export function authPlain({ user, pass }: { user: string; pass: string }, { as = "" }: { as?: string } = {}): string {
  return `AUTH PLAIN ${Buffer.from(`${as}\0${user}\0${pass}`).toString("base64")}`;
}
