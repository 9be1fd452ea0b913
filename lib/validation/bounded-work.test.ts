import { describe, expect, it } from "vitest";
import { fieldErrorsFromZod } from "../platform/errors";
import { submitBatchSchema } from "./submit-batch";
import { makeSubmitMessageSchema } from "./submit-message";

/**
 * Issue 12, kind 6: a request is refused for the length of its lists before any item is parsed, so the work done for
 * a refused request is bounded by the limits, not by what the client sent. Each list here is a Proxy that counts the
 * items read: one million of them, of which at most the limit may be looked at.
 */
const MILLION = 1_000_000;
const MAX_RECIPIENTS = 100;
const schema = makeSubmitMessageSchema({ maxRecipients: MAX_RECIPIENTS });

/** An array of `length` copies of `item` whose element reads are counted in `reads.count`. */
function countedArray(length: number, item: unknown, reads: { count: number }): unknown[] {
  return new Proxy(new Array(length).fill(item), {
    get(target, property, receiver) {
      if (typeof property === "string" && /^\d+$/.test(property)) reads.count++;
      return Reflect.get(target, property, receiver);
    },
  });
}

/** An object of `size` keys whose value reads are counted in `reads.count`. */
function countedRecord(size: number, reads: { count: number }): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i < size; i++) record[`X-H${i}`] = "v";
  return new Proxy(record, {
    get(target, property, receiver) {
      reads.count++;
      return Reflect.get(target, property, receiver);
    },
  });
}

function refusal(input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected the input to be refused");
  return fieldErrorsFromZod(result.error);
}

const compose = { from: "me@example.com", to: "you@dest.example", text: "x" };
const raw = { raw: Buffer.from("From: me@example.com\r\n\r\nx\r\n").toString("base64"), envelope: { from: "me@example.com", to: ["you@dest.example"] } };

describe("bounded work before validation", () => {
  it("refuses a million envelope recipients having read none of them", () => {
    const reads = { count: 0 };
    const fields = refusal({ ...raw, envelope: { ...raw.envelope, to: countedArray(MILLION, "r@dest.example", reads) } });
    expect(fields["envelope.to"]).toEqual([`A message may have at most ${MAX_RECIPIENTS} recipients; envelope.to lists ${MILLION}.`]);
    expect(reads.count).toBe(0);
  });

  it.each(["to", "cc", "bcc"])("refuses a million %s addresses having read none of them", (field) => {
    const reads = { count: 0 };
    const fields = refusal({ ...compose, [field]: countedArray(MILLION, "r@dest.example", reads) });
    expect(fields[field]).toEqual([`A message may have at most ${MAX_RECIPIENTS} recipients; ${field} lists ${MILLION}.`]);
    expect(reads.count).toBe(0);
  });

  it("refuses one list over the recipient limit before reading it, even when it repeats one address", () => {
    const reads = { count: 0 };
    const fields = refusal({ ...compose, cc: countedArray(MAX_RECIPIENTS + 1, "a@dest.example", reads) });
    expect(fields.cc).toEqual([`A message may have at most ${MAX_RECIPIENTS} recipients; cc lists ${MAX_RECIPIENTS + 1}.`]);
    expect(reads.count).toBe(0);
  });

  it("refuses a million Reply-To addresses having read none of them", () => {
    const reads = { count: 0 };
    expect(refusal({ ...compose, replyTo: countedArray(MILLION, "r@dest.example", reads) }).replyTo).toEqual(["Give at most 100 Reply-To addresses."]);
    expect(reads.count).toBe(0);
  });

  it("refuses a million custom headers having read at most 51 of them", () => {
    const reads = { count: 0 };
    expect(refusal({ ...compose, headers: countedRecord(MILLION, reads) }).headers).toEqual(["Give at most 50 custom headers."]);
    expect(reads.count).toBeLessThanOrEqual(51);
  });

  it("refuses a million attachments having read none of them", () => {
    const reads = { count: 0 };
    expect(refusal({ ...compose, attachments: countedArray(MILLION, { filename: "a.txt", content: "eA==" }, reads) }).attachments).toEqual(["Give at most 100 attachments."]);
    expect(reads.count).toBe(0);
  });

  it("refuses a batch of a million messages having read none of them", () => {
    const reads = { count: 0 };
    const result = submitBatchSchema.safeParse({ messages: countedArray(MILLION, compose, reads) });
    expect(result.success).toBe(false);
    expect(fieldErrorsFromZod(result.error!).messages).toEqual(["A batch holds at most 500 messages; split it."]);
    expect(reads.count).toBe(0);
  });

  it("still reads a list at the limit, and removes its duplicates after", () => {
    const result = schema.safeParse({ ...compose, to: Array.from({ length: MAX_RECIPIENTS }, (_, i) => `r${i % 10}@dest.example`) });
    expect(result.success && result.data.rcptTo).toHaveLength(10);
  });
});
