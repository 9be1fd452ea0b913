import nodemailer from "nodemailer";
import { afterEach, describe, expect, it } from "vitest";
import { startTestSmtpServer, type TestSmtpServer } from "./start-test-smtp-server";

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(port: number, extra: Record<string, unknown> = {}) {
  return nodemailer.createTransport({ host: "127.0.0.1", port, ignoreTLS: true, ...extra });
}

describe("startTestSmtpServer", () => {
  it("records envelope, raw bytes and the folded Message-ID", async () => {
    server = await startTestSmtpServer();
    const raw = Buffer.from("Message-ID:\r\n <folded@example.org>\r\nSubject: hi\r\n\r\nbody\r\n");
    const sending = client(server.port).sendMail({ raw, envelope: { from: "a@example.org", to: ["b@example.net"] } });
    const [message] = await server.waitForMessages(1);
    await sending;
    expect(message).toMatchObject({ from: "a@example.org", to: ["b@example.net"], messageId: "<folded@example.org>", secure: false });
    expect(message.raw.equals(raw)).toBe(true);
  });

  it("accepts AUTH LOGIN as well as PLAIN", async () => {
    server = await startTestSmtpServer({ auth: { user: "u", pass: "p" } });
    const transport = client(server.port, { auth: { user: "u", pass: "p" }, authMethod: "LOGIN" });
    await transport.sendMail({ raw: Buffer.from("Subject: x\r\n\r\nx"), envelope: { from: "a@x.org", to: ["b@y.org"] } });
    expect(server.messages[0].user).toBe("u");
  });

  it("changes behaviour while running and counts sessions", async () => {
    server = await startTestSmtpServer();
    server.setBehaviour({ refuseSessions: { code: 554, message: "5.3.2 No service" } });
    const mail = { raw: Buffer.from("Subject: x\r\n\r\nx"), envelope: { from: "a@x.org", to: ["b@y.org"] } };
    await expect(client(server.port).sendMail(mail)).rejects.toMatchObject({ responseCode: 554 });
    server.setBehaviour({ refuseSessions: null });
    await client(server.port).sendMail(mail);
    expect(server.sessionCount()).toBe(2);
    expect(server.messages).toHaveLength(1);
  });
});
