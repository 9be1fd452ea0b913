import { describe, expect, it } from "vitest";
import { AppError } from "../platform/errors";
import { toWireLines } from "./wire-lines";

const HEAD = "From: a@example.com\r\nSubject: x\r\n\r\n";

function wire(text: string): string {
  return toWireLines(Buffer.from(text, "latin1")).toString("latin1");
}

function refusal(text: string): string {
  try {
    toWireLines(Buffer.from(text, "latin1"));
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(422);
    expect((error as AppError).fields).toEqual({ raw: [(error as AppError).message] });
    return (error as AppError).message;
  }
  throw new Error("expected a refusal");
}

describe("toWireLines", () => {
  it("keeps a clean CRLF message as it is, the same buffer", () => {
    const raw = Buffer.from(`${HEAD}line1\r\n..dot-started\r\n`);
    expect(toWireLines(raw)).toBe(raw);
  });

  it.each([
    ["Unix line ends", "From: a@example.com\nSubject: x\n\nline1\nline2\n", `${HEAD}line1\r\nline2\r\n`],
    ["a bare LF before a lone dot (SMTP smuggling, \\n.\\n)", `${HEAD}line5\n.\nline6\r\n`, `${HEAD}line5\r\n.\r\nline6\r\n`],
    ["CRLF then a dot then a bare LF (\\r\\n.\\n)", `${HEAD}line5\r\n.\nline6\r\n`, `${HEAD}line5\r\n.\r\nline6\r\n`],
    ["a bare LF then a dot then CRLF (\\n.\\r\\n)", `${HEAD}line5\n.\r\nline6\r\n`, `${HEAD}line5\r\n.\r\nline6\r\n`],
    ["a bare LF in the header section", "From: a@example.com\nSubject: x\r\n\r\nbody\r\n", `${HEAD}body\r\n`],
    ["a last line without its line end", `${HEAD}body`, `${HEAD}body\r\n`],
    ["empty lines written as bare LFs", `${HEAD}a\n\n\nb\r\n`, `${HEAD}a\r\n\r\n\r\nb\r\n`],
  ])("turns every line break into CRLF: %s", (_name, input, expected) => {
    expect(wire(input)).toBe(expected);
  });

  it.each([
    ["a bare CR around a lone dot (line5\\r.\\rline6)", `${HEAD}line5\r.\rline6\r\n`, 4],
    ["CRLF, a dot, a bare CR (\\r\\n.\\r)", `${HEAD}line5\r\n.\rline6\r\n`, 5],
    ["a bare CR before CRLF", `${HEAD}text\r\r\nmore\r\n`, 4],
    ["a bare CR in the header section", "From: a@example.com\rBcc: x@example.net\r\n\r\nbody\r\n", 1],
    ["a bare CR at the very end", `${HEAD}body\r`, 4],
    ["old Mac line ends", "From: a@example.com\rSubject: x\r\rbody\r", 1],
  ])("refuses a bare CR, naming its line: %s", (_name, input, line) => {
    expect(refusal(input)).toBe(
      `raw: line ${line} contains a bare CR (a carriage return not followed by a line feed); RFC 5322 §2.3 allows CR only in CRLF. ` +
        "Use CRLF line ends and encode such content (quoted-printable or base64).",
    );
  });

  it("refuses a NUL octet, naming its line", () => {
    expect(refusal(`${HEAD}one\r\nt\0wo\r\n`)).toBe(
      "raw: line 5 contains a NUL octet; RFC 5322 §3.5 and RFC 2045 §2.8 allow none (send such content base64-encoded).",
    );
  });

  it("takes a line of 998 octets and refuses one of 999, in the body or the header section, counting bytes", () => {
    expect(wire(`${HEAD}${"x".repeat(998)}\r\n`)).toBe(`${HEAD}${"x".repeat(998)}\r\n`);
    expect(wire(`${HEAD}${"x".repeat(998)}\n`)).toBe(`${HEAD}${"x".repeat(998)}\r\n`);
    const tooLong = (line: number, octets: number) =>
      `raw: line ${line} is ${octets} octets long; RFC 5322 §2.1.1 allows at most 998 before CRLF. Encode long lines (quoted-printable or base64) or fold long header fields.`;
    expect(refusal(`${HEAD}short\r\n${"x".repeat(999)}\r\n`)).toBe(tooLong(5, 999));
    expect(refusal(`${HEAD}${"x".repeat(1200)}`)).toBe(tooLong(4, 1200));
    expect(refusal(`X-Token: ${"T".repeat(990)}\r\n${HEAD}`)).toBe(tooLong(1, 999));
    // é is two octets in UTF-8: 500 of them are 1000 octets.
    expect(refusal(`${HEAD}${Buffer.from("é".repeat(500)).toString("latin1")}\r\n`)).toBe(tooLong(4, 1000));
  });
});
