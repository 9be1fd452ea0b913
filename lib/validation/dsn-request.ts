import { z } from "zod";

/**
 * The sender's delivery status notification request (RFC 3461): RET and ENVID once per message (MAIL FROM), NOTIFY
 * and ORCPT per recipient (RCPT TO). Values are kept decoded (no xtext); `encodeXtext` turns them back into the wire
 * form when Outgate relays them. Shared by the SMTP listener, the queue, the relay and the console (no server imports).
 */

/** RET (RFC 3461 §4.3): the whole message or its headers in a failure DSN; null: not asked (Outgate returns headers). */
export type DsnReturn = "FULL" | "HDRS";

/** NOTIFY's keywords (RFC 3461 §4.1); NEVER stands alone. */
export type DsnNotify = "NEVER" | "SUCCESS" | "FAILURE" | "DELAY";

export type MessageDsn = { ret: DsnReturn | null; envid: string | null };

/** notify null: not given (a failure DSN only, RFC 3461 §4.1). orcpt: "addr-type;address", decoded. */
export type RecipientDsn = { notify: DsnNotify[] | null; orcpt: string | null };

/** RFC 3461 §4.4: ENVID is at most 100 characters; §4.2: ORCPT at most 500 (both as sent, encoded). */
export const MAX_ENVID_LENGTH = 100;
export const MAX_ORCPT_LENGTH = 500;

// xchar: "!" to "~" except "+" and "="; hexchar: "+" and two upper-case hex digits (RFC 3461 §4).
const XTEXT = /^(?:[\x21-\x2a\x2c-\x3c\x3e-\x7e]|\+[0-9A-F]{2})*$/;
// RFC 3461 §4.2: addr-type is an atom (RFC 5322 atext).
const ADDR_TYPE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const NOTIFY_KEYWORDS = new Set(["NEVER", "SUCCESS", "FAILURE", "DELAY"]);

/** Decodes xtext (RFC 3461 §4); null when it is not well-formed xtext or decodes to anything but printable ASCII. */
export function decodeXtext(value: string): string | null {
  if (!XTEXT.test(value)) return null;
  const decoded = value.replace(/\+([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  // A DSN field carries it as text (RFC 3464 §2.2.1): no control characters (CR LF would split the field), no 8-bit.
  return /^[\x20-\x7e]*$/.test(decoded) ? decoded : null;
}

/** Encodes printable ASCII as xtext: "+", "=", space and anything outside "!".."~" become "+XX" (RFC 3461 §4). */
export function encodeXtext(value: string): string {
  return value.replace(/[^\x21-\x2a\x2c-\x3c\x3e-\x7e]/g, (char) => `+${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** Why RET / ENVID of a MAIL FROM line are not acceptable (a 501 5.5.4 reply's text), or null when they are. */
export function checkMailDsnParameters(parameters: Map<string, string | true>): string | null {
  const ret = parameters.get("RET");
  if (ret !== undefined && (typeof ret !== "string" || !["FULL", "HDRS"].includes(ret.toUpperCase()))) return "RET must be FULL or HDRS (RFC 3461 section 4.3)";
  const envid = parameters.get("ENVID");
  if (envid === undefined) return null;
  if (typeof envid !== "string" || envid === "") return "ENVID needs a value (RFC 3461 section 4.4)";
  if (envid.length > MAX_ENVID_LENGTH) return `ENVID is longer than ${MAX_ENVID_LENGTH} characters (RFC 3461 section 4.4)`;
  if (decodeXtext(envid) === null) return "ENVID is not valid xtext: printable ASCII, with +, = and others as +XX in upper-case hex (RFC 3461 section 4)";
  return null;
}

/** Why NOTIFY / ORCPT of a RCPT TO line are not acceptable (a 501 5.5.4 reply's text), or null when they are. */
export function checkRcptDsnParameters(parameters: Map<string, string | true>): string | null {
  const notify = parameters.get("NOTIFY");
  if (notify !== undefined) {
    const keywords = typeof notify === "string" ? notify.toUpperCase().split(",") : [];
    if (keywords.length === 0 || keywords.some((keyword) => !NOTIFY_KEYWORDS.has(keyword))) return "NOTIFY must be NEVER, or a list of SUCCESS, FAILURE and DELAY (RFC 3461 section 4.1)";
    if (keywords.includes("NEVER") && keywords.length > 1) return "NOTIFY=NEVER cannot be combined with other values (RFC 3461 section 4.1)";
    if (new Set(keywords).size !== keywords.length) return "NOTIFY names a keyword twice (RFC 3461 section 4.1)";
  }
  const orcpt = parameters.get("ORCPT");
  if (orcpt === undefined) return null;
  if (typeof orcpt !== "string" || orcpt.length > MAX_ORCPT_LENGTH) return `ORCPT needs a value of at most ${MAX_ORCPT_LENGTH} characters (RFC 3461 section 4.2)`;
  const semicolon = orcpt.indexOf(";");
  if (semicolon <= 0 || !ADDR_TYPE.test(orcpt.slice(0, semicolon)) || semicolon === orcpt.length - 1) return "ORCPT must be addr-type;address, e.g. rfc822;name@example.com (RFC 3461 section 4.2)";
  if (decodeXtext(orcpt.slice(semicolon + 1)) === null) return "ORCPT's address is not valid xtext (RFC 3461 section 4)";
  return null;
}

/** The message's request from checked MAIL FROM parameters (checkMailDsnParameters), decoded; null when none was made. */
export function readMessageDsn(parameters: Map<string, string | true>): MessageDsn | null {
  const ret = parameters.get("RET");
  const envid = parameters.get("ENVID");
  if (typeof ret !== "string" && typeof envid !== "string") return null;
  return {
    ret: typeof ret === "string" ? (ret.toUpperCase() as DsnReturn) : null,
    envid: typeof envid === "string" ? decodeXtext(envid) : null,
  };
}

/** A recipient's request from checked RCPT TO parameters (checkRcptDsnParameters), decoded; null when none was made. */
export function readRecipientDsn(parameters: Map<string, string | true>): RecipientDsn | null {
  const notify = parameters.get("NOTIFY");
  const orcpt = parameters.get("ORCPT");
  if (typeof notify !== "string" && typeof orcpt !== "string") return null;
  let original: string | null = null;
  if (typeof orcpt === "string") {
    const semicolon = orcpt.indexOf(";");
    original = `${orcpt.slice(0, semicolon)};${decodeXtext(orcpt.slice(semicolon + 1))}`;
  }
  return { notify: typeof notify === "string" ? (notify.toUpperCase().split(",") as DsnNotify[]) : null, orcpt: original };
}

/** " RET=… ENVID=…" for MAIL FROM, wire form (RFC 3461 §4.3, §4.4); "" when nothing was asked. */
export function formatMailDsnParameters(dsn: MessageDsn | null | undefined): string {
  if (!dsn) return "";
  return `${dsn.ret ? ` RET=${dsn.ret}` : ""}${dsn.envid !== null ? ` ENVID=${encodeXtext(dsn.envid)}` : ""}`;
}

/** " NOTIFY=… ORCPT=…" for RCPT TO, wire form (RFC 3461 §4.1, §4.2); "" when nothing was asked. */
export function formatRcptDsnParameters(dsn: RecipientDsn | null | undefined): string {
  if (!dsn) return "";
  let parameters = dsn.notify ? ` NOTIFY=${dsn.notify.join(",")}` : "";
  if (dsn.orcpt !== null) {
    const semicolon = dsn.orcpt.indexOf(";");
    parameters += ` ORCPT=${dsn.orcpt.slice(0, semicolon)};${encodeXtext(dsn.orcpt.slice(semicolon + 1))}`;
  }
  return parameters;
}

/** Whether the sender wants to hear about this outcome for the recipient: no NOTIFY means failures only (§4.1). */
export function wantsNotice(dsn: Pick<RecipientDsn, "notify"> | null | undefined, outcome: "SUCCESS" | "FAILURE" | "DELAY"): boolean {
  if (!dsn?.notify) return outcome === "FAILURE" || outcome === "DELAY";
  return dsn.notify.includes(outcome);
}

/** A message's whole request as the relay needs it: RET/ENVID, and NOTIFY/ORCPT by recipient address. */
export type EnvelopeDsn = { message: MessageDsn | null; recipients: ReadonlyMap<string, RecipientDsn> };

/**
 * The JSON API's optional `dsn` (the same request an SMTP client makes with RFC 3461 parameters): NOTIFY for every
 * recipient, RET, ENVID as plain text (Outgate encodes it as xtext, at most 100 characters then, §4.4).
 */
export const apiDsnRequestSchema = z
  .strictObject({
    notify: z
      .array(z.enum(["NEVER", "SUCCESS", "FAILURE", "DELAY"], 'NOTIFY values are "NEVER", "SUCCESS", "FAILURE" and "DELAY".'))
      .min(1, 'Give at least one value, or ["NEVER"].')
      .max(3)
      .refine((values) => new Set(values).size === values.length, "Give each value once.")
      .refine((values) => !values.includes("NEVER") || values.length === 1, '"NEVER" stands alone (RFC 3461 section 4.1).')
      .optional()
      .meta({ description: 'When the sender gets a DSN (RFC 3461 NOTIFY), for every recipient; default ["FAILURE"].' }),
    ret: z.enum(["FULL", "HDRS"], 'RET is "FULL" or "HDRS".').optional().meta({ description: "A failure DSN returns the whole message (FULL) or its headers (HDRS, the default)." }),
    envid: z
      .string("The envelope id must be text.")
      .regex(/^[\x20-\x7e]+$/, "The envelope id is printable ASCII.")
      .refine((value) => encodeXtext(value).length <= MAX_ENVID_LENGTH, `The envelope id is at most ${MAX_ENVID_LENGTH} characters once encoded as xtext (RFC 3461 section 4.4).`)
      .optional()
      .meta({ description: "Returned in every DSN as Original-Envelope-Id (RFC 3461 ENVID)." }),
  })
  .meta({ description: "Delivery status notifications the sender asks for (RFC 3461); the same as an SMTP client's NOTIFY, RET and ENVID." });

export type ApiDsnRequest = z.infer<typeof apiDsnRequestSchema>;

/** An API request's `dsn` as the queue keeps it (EnqueueMessageInput's dsn and recipientDsn); nothing when absent. */
export function toQueuedDsn(request: ApiDsnRequest | undefined, recipients: string[]): { dsn?: MessageDsn; recipientDsn?: RecipientDsn[] } {
  if (!request) return {};
  const dsn = request.ret || request.envid !== undefined ? { ret: request.ret ?? null, envid: request.envid ?? null } : undefined;
  const notify = request.notify ? { notify: request.notify, orcpt: null } : null;
  return { ...(dsn ? { dsn } : {}), ...(notify ? { recipientDsn: recipients.map(() => notify) } : {}) };
}

/** A message's request from its columns (messages.dsn_ret, dsn_envid); null when none was made. */
export function readStoredMessageDsn(ret: string | null, envid: string | null): MessageDsn | null {
  return ret || envid !== null ? { ret: ret as DsnReturn | null, envid } : null;
}

/** A recipient's request from its columns (message_recipients.dsn_notify, dsn_orcpt); null when none was made. */
export function readStoredRecipientDsn(notify: string | null, orcpt: string | null): RecipientDsn | null {
  if (notify === null && orcpt === null) return null;
  return { notify: notify === null ? null : (notify.split(",") as DsnNotify[]), orcpt };
}
