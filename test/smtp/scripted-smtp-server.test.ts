import { createHmac } from "node:crypto";
import net from "node:net";
import nodemailer from "nodemailer";
import { afterEach, describe, expect, it } from "vitest";
import { startScriptedSmtpServer, type ScriptedSmtpServer, type SmtpScript } from "./scripted-smtp-server";

const servers: ScriptedSmtpServer[] = [];
const clients: net.Socket[] = [];
afterEach(async () => {
  for (const socket of clients.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(script: SmtpScript = {}) {
  const server = await startScriptedSmtpServer({ script });
  servers.push(server);
  return server;
}

/** A bare client: writes exactly the bytes given and reads whole replies (multi-line ones joined). */
async function connect(port: number) {
  const socket = net.connect(port, "127.0.0.1");
  clients.push(socket);
  let buffer = "";
  const waiting: Array<() => void> = [];
  socket.on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    waiting.splice(0).forEach((wake) => wake());
  });
  socket.on("close", () => waiting.splice(0).forEach((wake) => wake()));
  const reply = async (): Promise<string> => {
    for (;;) {
      const match = /^(?:\d{3}-[^\n]*\n)*\d{3}(?: [^\n]*)?\r?\n/.exec(buffer);
      if (match) {
        buffer = buffer.slice(match[0].length);
        return match[0].trimEnd();
      }
      if (socket.destroyed || socket.readableEnded) return "(closed)";
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  const send = async (bytes: string | Buffer) => {
    socket.write(bytes);
    return reply();
  };
  const greeting = await reply();
  return { socket, greeting, reply, send };
}

async function openTransaction(port: number, mailParams = "") {
  const client = await connect(port);
  await client.send("EHLO client.test\r\n");
  expect(await client.send(`MAIL FROM:<a@example.org>${mailParams}\r\n`)).toMatch(/^250/);
  expect(await client.send("RCPT TO:<b@example.net>\r\n")).toMatch(/^250/);
  expect(await client.send("DATA\r\n")).toMatch(/^354/);
  return client;
}

const MAIL = { envelope: { from: "a@example.org", to: ["b@example.net"] } };

describe("startScriptedSmtpServer", () => {
  it("records each command, the message without dot-stuffing, and messages per session", async () => {
    const server = await start();
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: server.port, ignoreTLS: true, pool: true, maxConnections: 1 });
    const raw = Buffer.from("Subject: x\r\n\r\n.leading dot\r\nlast\r\n");
    await transport.sendMail({ ...MAIL, raw });
    await transport.sendMail({ ...MAIL, raw });
    transport.close();

    expect(server.accepted().map((message) => message.body.equals(raw))).toEqual([true, true]);
    expect(server.sessions).toHaveLength(1);
    expect(server.sessions[0].messages).toBe(2);
    expect(server.sessions[0].commands.map((command) => command.line.split(" ")[0])).toEqual(["EHLO", "MAIL", "RCPT", "DATA", "MAIL", "RCPT", "DATA"]);
    expect(server.messages[0]).toMatchObject({ from: "a@example.org", to: ["b@example.net"], reply: "250 2.0.0 Ok: queued", tls: false });
  });

  it("greets late, refuses sessions beyond the limit with 421 4.3.2, and advertises only the scripted extensions", async () => {
    const server = await start({ delays: { greeting: 300 }, maxSessions: 1, extensions: { size: 1000, pipelining: false, smtpUtf8: false } });
    const first = await connect(server.port);
    expect(first.greeting).toBe("220 scripted.test ESMTP");
    const second = await connect(server.port);
    expect(second.greeting).toBe("421 4.3.2 Too many connections, try again later");
    expect(await first.send("EHLO c\r\n")).toBe("250-scripted.test\r\n250-SIZE 1000\r\n250-8BITMIME\r\n250 ENHANCEDSTATUSCODES");
    expect(server.sessions.map((session) => session.refused)).toEqual([false, true]);
  });

  it("refuses with a 554 greeting but waits for QUIT (RFC 5321 §3.1)", async () => {
    const server = await start({ greeting: "554 5.3.2 No service" });
    const client = await connect(server.port);
    expect(client.greeting).toBe("554 5.3.2 No service");
    expect(await client.send("EHLO c\r\n")).toBe("503 5.5.1 No service");
    expect(await client.send("QUIT\r\n")).toBe("221 2.0.0 Bye");
  });

  it("answers AUTH per mechanism and records the credentials seen in clear text", async () => {
    const server = await start({ auth: { user: "relay", pass: "secret", answers: { PLAIN: "504 5.5.4 Not now" } } });
    const client = await connect(server.port);
    expect(await client.send("EHLO c\r\n")).toContain("250 AUTH PLAIN LOGIN");
    expect(await client.send(`AUTH PLAIN ${Buffer.from("\0relay\0secret").toString("base64")}\r\n`)).toBe("504 5.5.4 Not now");
    expect(await client.send("MAIL FROM:<a@example.org>\r\n")).toMatch(/^530 /);
    expect(await client.send("AUTH LOGIN\r\n")).toBe("334 VXNlcm5hbWU6");
    expect(await client.send(`${Buffer.from("relay").toString("base64")}\r\n`)).toBe("334 UGFzc3dvcmQ6");
    expect(await client.send(`${Buffer.from("secret").toString("base64")}\r\n`)).toBe("235 2.7.0 Authentication successful");
    expect(await client.send("MAIL FROM:<a@example.org>\r\n")).toMatch(/^250 /);
    expect(server.credentials.map(({ mechanism, user, pass, tls }) => [mechanism, user, pass, tls])).toEqual([
      ["PLAIN", "relay", "secret", false],
      ["LOGIN", "relay", "secret", false],
    ]);
  });

  it("checks a CRAM-MD5 answer against its challenge", async () => {
    const server = await start({ auth: { user: "relay", pass: "secret", mechanisms: ["CRAM-MD5"] } });
    const answer = async (pass: string) => {
      const client = await connect(server.port);
      await client.send("EHLO c\r\n");
      const challenge = Buffer.from((await client.send("AUTH CRAM-MD5\r\n")).slice(4), "base64").toString();
      const digest = createHmac("md5", pass).update(challenge).digest("hex");
      return client.send(`${Buffer.from(`relay ${digest}`).toString("base64")}\r\n`);
    };
    expect(await answer("wrong")).toBe("535 5.7.8 Authentication credentials invalid");
    expect(await answer("secret")).toBe("235 2.7.0 Authentication successful");
    expect(server.credentials.map((credential) => credential.pass)).toEqual([null, null]);
  });

  it("upgrades with STARTTLS, offers AUTH only then, and marks each command with the TLS state", async () => {
    const server = await start({ tls: "starttls", auth: { user: "relay", pass: "secret", onlyAfterTls: true } });
    const client = await connect(server.port);
    expect(await client.send("EHLO c\r\n")).not.toContain("AUTH");
    expect(await client.send("AUTH PLAIN AHJlbGF5AHNlY3JldA==\r\n")).toBe("504 5.5.4 Unrecognized authentication type");
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: server.port, requireTLS: true, tls: { rejectUnauthorized: false }, auth: { user: "relay", pass: "secret" } });
    await transport.sendMail({ ...MAIL, raw: Buffer.from("Subject: x\r\n\r\nx\r\n") });
    const commands = server.sessions[1].commands.map(({ line, tls }) => [line.split(" ")[0], tls]);
    expect(commands.slice(0, 3)).toEqual([["EHLO", false], ["STARTTLS", false], ["EHLO", true]]);
    expect(server.credentials.map((credential) => credential.tls)).toEqual([true]);
    expect(server.accepted()[0].tls).toBe(true);
  });

  it("accepts R recipients per transaction and answers 452 4.5.3 for the rest", async () => {
    const server = await start({ recipientsPerTransaction: 2 });
    const client = await connect(server.port);
    await client.send("EHLO c\r\n");
    await client.send("MAIL FROM:<a@example.org>\r\n");
    const answers = [];
    for (const name of ["r1", "r2", "r3"]) answers.push(await client.send(`RCPT TO:<${name}@example.net>\r\n`));
    expect(answers).toEqual(["250 2.1.5 Ok", "250 2.1.5 Ok", "452 4.5.3 Too many recipients"]);
  });

  it("ends a session with 421 after K messages", async () => {
    const server = await start({ perSession: { messages: 1, then: "421" } });
    const client = await openTransaction(server.port);
    expect(await client.send("x\r\n.\r\n")).toMatch(/^250/);
    expect(await client.send("MAIL FROM:<a@example.org>\r\n")).toBe("421 4.7.0 Too many messages on this connection, closing");
    expect(await client.reply()).toBe("(closed)");
  });

  it("refuses over-long lines, bare CR/LF, NUL and undeclared 8-bit data when strict, recording the bytes", async () => {
    const server = await start({ strict: true });
    const cases: Array<[string | Buffer, RegExp]> = [
      [`${"T".repeat(999)}\r\n`, /^500 5\.5\.2 /],
      ["line5\r.\rline6\r\n", /^550 5\.6\.11 /],
      ["a\nb\r\n", /^550 5\.6\.11 /],
      ["a\0b\r\n", /^550 5\.6\.0 /],
      [Buffer.from("caf\u00e9\r\n", "utf8"), /^554 5\.6\.1 /],
      [`${"T".repeat(998)}\r\n`, /^250 /],
    ];
    for (const [body, expected] of cases) {
      const client = await openTransaction(server.port);
      expect(await client.send(Buffer.concat([Buffer.from(body), Buffer.from(".\r\n")]))).toMatch(expected);
    }
    expect(server.messages.map((message) => message.body.length)).toEqual([1001, 15, 5, 5, 7, 1000]);
    expect(server.accepted()).toHaveLength(1);
  });

  it("refuses SIZE= over the limit at MAIL, and an undeclared oversized message only after taking it all", async () => {
    const server = await start({ extensions: { size: 100 } });
    const client = await connect(server.port);
    await client.send("EHLO c\r\n");
    expect(await client.send("MAIL FROM:<a@example.org> SIZE=101\r\n")).toBe("552 5.3.4 Message size exceeds fixed maximum message size");
    const late = await openTransaction(server.port);
    expect(await late.send(`${"x".repeat(200)}\r\n.\r\n`)).toMatch(/^552 5\.3\.4 /);
    expect(server.messages.map((message) => [message.body.length, message.accepted])).toEqual([[202, false]]);
  });

  it("stops reading a DATA block after the scripted number of octets, so the final \".\" is never seen", async () => {
    const server = await start({ stallDataAfterBytes: 10 });
    const client = await openTransaction(server.port);
    client.socket.write(`${"x".repeat(100)}\r\n.\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.messages).toEqual([]);
    client.socket.destroy();
    await server.waitFor(() => server.sessions[0].closed);
    expect(server.messages).toEqual([]);
  });

  it("records a message whose final reply never comes", async () => {
    const server = await start({ delays: { dataEnd: Infinity } });
    const client = await openTransaction(server.port);
    client.socket.write("x\r\n.\r\n");
    await server.waitFor(() => server.messages.length === 1);
    expect(server.messages[0]).toMatchObject({ reply: null, accepted: false });
    expect(server.sessions[0].messages).toBe(0);
  });
});
