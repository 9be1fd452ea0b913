import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { startTestSmtpServer, type TestSmtpServer } from "@/test/smtp/start-test-smtp-server";
import { buildDsn, statusFor, type BuildDsnOptions } from "./build-dsn";
import { sendThroughGateway } from "../delivery/send-through-gateway";
import { closeAllTransports, getTransport } from "../delivery/transport-pool";

const original = Buffer.from(
  [
    "From: Alice <alice@example.org>",
    "To: bob@example.net, carol@example.net",
    "Subject: Quarterly report",
    "Message-ID: <orig-1@example.org>",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "The body must not be returned.",
    "",
  ].join("\r\n"),
);

const base: BuildDsnOptions = {
  reportingMta: "outgate.example.org",
  originalSender: "alice@example.org",
  originalRaw: original,
  arrivalDate: new Date("2026-03-01T10:00:00Z"),
  now: new Date("2026-03-01T10:05:00Z"),
  recipients: [
    { recipient: "bob@example.net", code: 550, response: "550 5.1.1 <bob@example.net>: User unknown", remoteMta: "smtp.example.net" },
    { recipient: "carol@example.net", response: "connect ECONNREFUSED 192.0.2.1:25" },
  ],
};

let server: TestSmtpServer | undefined;
afterEach(async () => {
  closeAllTransports();
  await server?.close();
  server = undefined;
});

async function parsedDsn(options: BuildDsnOptions = base) {
  const dsn = await buildDsn(options);
  if (!dsn) throw new Error("expected a DSN");
  return { dsn, mail: await simpleParser(dsn.raw, { keepDeliveryStatus: true }), text: dsn.raw.toString("utf8") };
}

describe("buildDsn", () => {
  it("goes to the original sender from the null sender", async () => {
    const { dsn, mail } = await parsedDsn();
    expect(dsn.envelope).toEqual({ from: "", to: ["alice@example.org"] });
    expect(mail.to && "text" in mail.to ? mail.to.text : "").toBe("alice@example.org");
    expect(mail.from?.value[0].address).toBe("MAILER-DAEMON@outgate.example.org");
    expect(mail.headers.get("auto-submitted")).toBe("auto-replied");
    expect(mail.messageId).toMatch(/@outgate\.example\.org>$/);
  });

  it("is a multipart/report of type delivery-status with the three RFC 3464 parts", async () => {
    const { mail, text } = await parsedDsn();
    const contentType = mail.headers.get("content-type") as { value: string; params: Record<string, string> };
    expect(contentType.value).toBe("multipart/report");
    expect(contentType.params["report-type"]).toBe("delivery-status");
    expect(mail.text).toContain("could not be delivered");
    expect(mail.text).toContain("<bob@example.net>: 550 5.1.1 <bob@example.net>: User unknown");
    const types = mail.attachments.map((a) => a.contentType);
    expect(types).toEqual(["message/delivery-status", "text/rfc822-headers"]);
    expect(text.indexOf("text/plain")).toBeLessThan(text.indexOf("message/delivery-status"));
  });

  it("reports each recipient in the delivery-status part", async () => {
    const { mail } = await parsedDsn();
    const status = mail.attachments.find((a) => a.contentType === "message/delivery-status")!.content.toString();
    const [perMessage, bob, carol] = status.trim().split(/\r\n\r\n/);
    expect(perMessage).toBe("Reporting-MTA: dns; outgate.example.org\r\nArrival-Date: Sun, 01 Mar 2026 10:00:00 +0000");
    expect(bob.split("\r\n")).toEqual([
      "Final-Recipient: rfc822; bob@example.net",
      "Action: failed",
      "Status: 5.1.1",
      "Remote-MTA: dns; smtp.example.net",
      "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.net>: User unknown",
      "Last-Attempt-Date: Sun, 01 Mar 2026 10:05:00 +0000",
    ]);
    expect(carol).toContain("Final-Recipient: rfc822; carol@example.net");
    expect(carol).toContain("Status: 5.4.7");
    expect(carol).toContain("Diagnostic-Code: X-Outgate; connect ECONNREFUSED 192.0.2.1:25");
  });

  it("returns the original headers without the body", async () => {
    const { mail } = await parsedDsn();
    const headers = mail.attachments.find((a) => a.contentType === "text/rfc822-headers")!.content.toString();
    expect(headers).toContain("Message-ID: <orig-1@example.org>");
    expect(headers).toContain("Subject: Quarterly report");
    expect(headers).not.toContain("must not be returned");
  });

  it.each([
    ["a fully qualified name", "mta.example.org"],
    ["an address literal (RFC 5321 §4.1.3)", "[192.0.2.1]"],
  ])("names Outgate by one name everywhere, %s: From, Reporting-MTA, the text and the Message-ID", async (_name, reportingMta) => {
    const { mail, text } = await parsedDsn({ ...base, reportingMta });
    expect(text.startsWith(`From: Mail Delivery System <MAILER-DAEMON@${reportingMta}>\r\n`)).toBe(true);
    expect(mail.messageId?.endsWith(`@${reportingMta}>`)).toBe(true);
    expect(mail.text).toContain(`This is the mail system at host ${reportingMta}.`);
    const status = mail.attachments.find((a) => a.contentType === "message/delivery-status")!.content.toString();
    expect(status.split("\r\n")[0]).toBe(`Reporting-MTA: dns; ${reportingMta}`);
    expect(text).not.toMatch(/localhost/);
  });

  it("joins multi-line SMTP replies into one field", async () => {
    const { mail } = await parsedDsn({
      ...base,
      recipients: [{ recipient: "bob@example.net", code: 550, response: "550-5.7.1 Rejected\r\n550 5.7.1 See policy" }],
    });
    const status = mail.attachments[0].content.toString();
    expect(status).toContain("Diagnostic-Code: smtp; 550-5.7.1 Rejected 550 5.7.1 See policy");
    expect(status).toContain("Status: 5.7.1");
  });

  it.each([
    ["null sender", { originalSender: "" }],
    ["null sender in brackets", { originalSender: "<>" }],
    ["no recipients", { recipients: [] }],
    [
      "original is a DSN",
      { originalRaw: Buffer.from('Content-Type: multipart/report; report-type=delivery-status;\r\n boundary="x"\r\n\r\n') },
    ],
    ["original is auto-replied", { originalRaw: Buffer.from("Auto-Submitted: auto-replied\r\nSubject: away\r\n\r\nbody") }],
    ["original is auto-generated (folded)", { originalRaw: Buffer.from("Subject: x\nAuto-Submitted:\n auto-generated\n\nbody") }],
  ])("never builds a DSN when %s", async (_name, override) => {
    expect(await buildDsn({ ...base, ...override })).toBeNull();
  });

  it("still bounces mail marked Auto-Submitted: no", async () => {
    const originalRaw = Buffer.from("Auto-Submitted: no\r\nSubject: x\r\n\r\nbody");
    expect(await buildDsn({ ...base, originalRaw })).not.toBeNull();
  });

  it("is sent with MAIL FROM:<> through a real server", async () => {
    server = await startTestSmtpServer();
    const dsn = (await buildDsn(base))!;
    const transport = getTransport(
      { id: "gw-dsn", address: "127.0.0.1", port: server.port, encryption: "NONE", verifyCertificate: false, auth: null },
      "v1",
      { ehloName: "outgate.test" },
    );
    const result = await sendThroughGateway(transport, dsn);
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.messages[0]).toMatchObject({ from: "", to: ["alice@example.org"] });
    expect(server.messages[0].raw.equals(dsn.raw)).toBe(true);
  });
});

describe("buildDsn with the sender's RFC 3461 request", () => {
  it("gives ENVID as Original-Envelope-Id first and ORCPT as Original-Recipient first (RFC 3464 §2.2, §2.3)", async () => {
    const { mail } = await parsedDsn({
      ...base,
      envid: "QQ-314",
      recipients: [{ ...base.recipients[0], originalRecipient: "rfc822;Bob@Example.net" }, base.recipients[1]],
    });
    const status = (mail.attachments.find((a) => a.contentType === "message/delivery-status")?.content as Buffer).toString();
    const [perMessage, bob, carol] = status.trim().split(/\r\n\r\n/);
    expect(perMessage.split("\r\n")[0]).toBe("Original-Envelope-Id: QQ-314");
    expect(bob.split("\r\n").slice(0, 2)).toEqual(["Original-Recipient: rfc822;Bob@Example.net", "Final-Recipient: rfc822; bob@example.net"]);
    expect(carol).not.toContain("Original-Recipient");
  });

  it("reports a relay to a gateway without DSN as Action: relayed with the gateway's 2.x.x, headers only even with RET=FULL", async () => {
    const { mail, text } = await parsedDsn({
      ...base,
      ret: "FULL",
      recipients: [{ recipient: "dave@example.net", action: "relayed", code: 250, response: "250 2.6.0 Queued as 42", remoteMta: "smtp.example.net" }],
    });
    expect(mail.subject).toBe("Successful Mail Delivery Report");
    expect(text).toMatch(/Final-Recipient: rfc822; dave@example\.net\r\nAction: relayed\r\nStatus: 2\.6\.0\r\nRemote-MTA: dns; smtp\.example\.net/);
    expect(text).toContain("Content-Type: text/rfc822-headers");
    expect(text).not.toContain("The body must not be returned.");
  });

  it("returns the whole message as message/rfc822 with a failure when RET=FULL", async () => {
    const { text } = await parsedDsn({ ...base, ret: "FULL" });
    expect(text).toContain("Content-Type: message/rfc822");
    expect(text).toContain("The body must not be returned.");
    expect(text).not.toContain("text/rfc822-headers");
  });
});

describe("statusFor", () => {
  it.each([
    [550, "550 5.1.1 User unknown", "5.1.1"],
    [554, "554 5.7.1 Spam", "5.7.1"],
    [550, "550 User unknown", "5.0.0"],
    [553, "553-5.1.3 bad\r\n553 5.1.3 syntax", "5.1.3"],
    [450, "450 4.2.1 Mailbox busy", "5.4.7"],
    [undefined, "connect ECONNREFUSED", "5.4.7"],
    [undefined, "message: 5.3.4 SIZE: the message is 9000 bytes and the gateway accepts at most 2000 bytes", "5.3.4"],
    [undefined, "connection: 5.0.0 is not a reason Outgate gives", "5.0.0"],
  ])("%s %j → %s", (code, response, expected) => {
    expect(statusFor({ code, response })).toBe(expected);
  });
});
