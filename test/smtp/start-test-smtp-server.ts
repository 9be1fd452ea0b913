import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";
import { getTestCertificate, type TestCertificate } from "./test-certificate";

export type TestSmtpRejection = { code: number; message: string };

export type ReceivedMessage = {
  /** "" for the null sender `MAIL FROM:<>`. */
  from: string;
  to: string[];
  raw: Buffer;
  /** The Message-ID header as written, angle brackets included; null when absent. */
  messageId: string | null;
  secure: boolean;
  user: string | null;
  sessionId: string;
};

/** What the server does with sessions, recipients and messages; changeable while it runs. */
export type TestSmtpBehaviour = {
  /** Answer RCPT TO with this code (e.g. 450, 550) instead of 250. */
  rejectRecipient?: ((address: string) => TestSmtpRejection | null) | null;
  /** Answer the end of DATA with this code instead of 250. */
  rejectMessage?: ((message: { from: string; to: string[]; raw: Buffer }) => TestSmtpRejection | null) | null;
  /** Shortcut for `refuseSessions: { code: 421, ... }`. */
  greeting421?: boolean;
  /** Greet every new session with this error and hang up. */
  refuseSessions?: TestSmtpRejection | null;
};

export type StartTestSmtpServerOptions = TestSmtpBehaviour & {
  /** "starttls" offers STARTTLS on a clear-text port; "implicit" speaks TLS from the first byte. Default "none". */
  tls?: "none" | "starttls" | "implicit";
  /** Require AUTH PLAIN/LOGIN with these credentials; anything else gets 535. Without it AUTH is not offered. */
  auth?: { user: string; pass: string };
  /** Neither advertise nor accept STARTTLS (a gateway "without TLS"), even with `tls: "starttls"`. */
  hideStartTls?: boolean;
  /** Listen on this port (e.g. to bring a stopped gateway back where it was); a random free one by default. */
  port?: number;
  /** Present this certificate instead of the per-process one for localhost and 127.0.0.1. */
  certificate?: TestCertificate;
};

export type TestSmtpServer = {
  host: "127.0.0.1";
  port: number;
  /** PEM of the server's self-signed certificate; trust it as a CA to verify the server. */
  cert: string;
  messages: ReceivedMessage[];
  /** SMTP sessions opened so far (counted at connect, refused ones included). */
  sessionCount(): number;
  setBehaviour(behaviour: TestSmtpBehaviour): void;
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  close(): Promise<void>;
};

/** A real smtp-server on 127.0.0.1 with a random port, for integration and e2e tests. */
export async function startTestSmtpServer(options: StartTestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const { key, cert } = options.certificate ?? (await getTestCertificate());
  const mode = options.tls ?? "none";
  const behaviour: TestSmtpBehaviour = { ...options };
  const messages: ReceivedMessage[] = [];
  let sessions = 0;

  const disabledCommands: string[] = [];
  if (mode === "none" || options.hideStartTls) disabledCommands.push("STARTTLS");
  if (!options.auth) disabledCommands.push("AUTH");

  const serverOptions: SMTPServerOptions = {
    key,
    cert,
    secure: mode === "implicit",
    name: "localhost",
    logger: false,
    disabledCommands,
    hideSTARTTLS: disabledCommands.includes("STARTTLS"),
    authOptional: !options.auth,
    authMethods: ["PLAIN", "LOGIN"],
    // Lets clear-text gateways be tested with AUTH too; real servers decide this for themselves.
    allowInsecureAuth: true,
    disableReverseLookup: true,
    // Pooled clients keep idle sessions open; do not wait the default 30 s for them on close().
    closeTimeout: 100,
    onConnect(_session, callback) {
      sessions += 1;
      const refusal = behaviour.refuseSessions ?? (behaviour.greeting421 ? { code: 421, message: "4.3.2 Service not available, try later" } : null);
      callback(refusal ? smtpError(refusal) : null);
    },
    onAuth(auth, _session, callback) {
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      if (!ok) return callback(smtpError({ code: 535, message: "5.7.8 Authentication credentials invalid" }));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      const rejection = behaviour.rejectRecipient?.(address.address) ?? null;
      callback(rejection ? smtpError(rejection) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error) => callback(error));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const envelope = readEnvelope(session);
        const rejection = behaviour.rejectMessage?.({ ...envelope, raw }) ?? null;
        if (rejection) return callback(smtpError(rejection));
        messages.push({
          ...envelope,
          raw,
          messageId: readMessageId(raw),
          secure: session.secure,
          user: typeof session.user === "string" ? session.user : null,
          sessionId: session.id,
        });
        callback(null, "Message queued");
      });
    },
  };

  const server = new SMTPServer(serverOptions);
  server.on("error", () => {
    // Client-side aborts (failed TLS handshakes in negative tests) surface here; they are expected.
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    host: "127.0.0.1",
    port,
    cert,
    messages,
    sessionCount: () => sessions,
    setBehaviour: (next) => Object.assign(behaviour, next),
    waitForMessages: (count, timeoutMs = 5_000) => waitFor(() => messages.length >= count, timeoutMs).then(() => messages),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** smtp-server replies with `responseCode` and the message text (RFC 5321 §4.2). */
function smtpError({ code, message }: TestSmtpRejection): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function readEnvelope(session: SMTPServerSession): { from: string; to: string[] } {
  const { mailFrom, rcptTo } = session.envelope;
  return { from: mailFrom ? mailFrom.address : "", to: rcptTo.map((rcpt) => rcpt.address) };
}

function readMessageId(raw: Buffer): string | null {
  const headerEnd = raw.indexOf("\r\n\r\n");
  const headers = raw.subarray(0, headerEnd === -1 ? raw.length : headerEnd).toString("utf8");
  const match = /^message-id:[ \t]*((?:.*)(?:\r?\n[ \t].*)*)/im.exec(headers);
  return match ? match[1].replace(/\r?\n[ \t]+/g, " ").trim() : null;
}

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for the test SMTP server`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
