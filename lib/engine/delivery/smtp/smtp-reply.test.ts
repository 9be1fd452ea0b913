import { describe, expect, it } from "vitest";
import { readExtensions } from "./read-extensions";
import { ReplyReader, type SmtpReply } from "./smtp-reply";

function read(...chunks: string[]) {
  const replies: SmtpReply[] = [];
  const garbage: string[] = [];
  const reader = new ReplyReader((reply) => replies.push(reply), (line) => garbage.push(line));
  for (const chunk of chunks) reader.feed(Buffer.from(chunk));
  return { replies, garbage };
}

describe("ReplyReader (RFC 5321 §4.2)", () => {
  it("joins a multi-line reply and ends it at the line with a space", () => {
    const { replies } = read("250-smtp.example\r\n250-SIZE 1000\r\n250 PIPELINING\r\n");
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ code: 250, enhanced: null, lines: ["smtp.example", "SIZE 1000", "PIPELINING"] });
    expect(replies[0].text).toBe("250-smtp.example\n250-SIZE 1000\n250 PIPELINING");
  });

  it("reads replies split anywhere across packets, several per packet, bare LF and a bare code", () => {
    const { replies } = read("25", "0 2.1.0 Ok\r\n250 2.1.5 O", "k\r\n354 go\n", "250\r\n");
    expect(replies.map((reply) => [reply.code, reply.enhanced, reply.message])).toEqual([
      [250, "2.1.0", "Ok"],
      [250, "2.1.5", "Ok"],
      [354, null, "go"],
      [250, null, ""],
    ]);
  });

  it("reads an enhanced status code (RFC 3463) only when its class matches the reply", () => {
    const { replies } = read("550 5.1.1 <x@y>: user unknown\r\n450 5.1.1 odd\r\n535-5.7.8 bad\r\n535 5.7.8 credentials\r\n");
    expect(replies.map((reply) => [reply.enhanced, reply.message])).toEqual([
      ["5.1.1", "<x@y>: user unknown"],
      [null, "5.1.1 odd"],
      ["5.7.8", "bad credentials"],
    ]);
  });

  it("reports a line that is not a reply", () => {
    expect(read("HTTP/1.1 400 Bad Request\r\n").garbage).toEqual(["HTTP/1.1 400 Bad Request"]);
    expect(read("250-a\r\n550 b\r\n").garbage).toEqual(["550 b"]);
  });
});

describe("readExtensions", () => {
  it("reads SIZE, PIPELINING, 8BITMIME, SMTPUTF8, STARTTLS, ENHANCEDSTATUSCODES, DSN and both AUTH forms", () => {
    const { replies } = read(
      "250-mx.example greets you\r\n250-SIZE 10485760\r\n250-pipelining\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-STARTTLS\r\n" +
        "250-ENHANCEDSTATUSCODES\r\n250-DSN\r\n250-AUTH PLAIN login\r\n250 AUTH=LOGIN CRAM-MD5\r\n",
    );
    expect(readExtensions(replies[0])).toMatchObject({
      size: 10485760,
      pipelining: true,
      eightBitMime: true,
      smtpUtf8: true,
      startTls: true,
      enhancedStatusCodes: true,
      dsn: true,
      auth: ["PLAIN", "LOGIN", "CRAM-MD5"],
    });
  });

  it("reads SIZE without a limit as 0 and a server with no extensions as none", () => {
    expect(readExtensions(read("250-x\r\n250 SIZE\r\n").replies[0]).size).toBe(0);
    expect(readExtensions(read("250 x\r\n").replies[0])).toMatchObject({ size: null, pipelining: false, auth: [] });
  });
});
