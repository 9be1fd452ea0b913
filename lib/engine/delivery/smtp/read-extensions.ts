import type { SmtpReply } from "./smtp-reply";

/** What the server offers in its EHLO reply (RFC 5321 §4.1.1.1), as far as Outgate uses it. */
export type SmtpExtensions = {
  /** RFC 1870 SIZE: the largest message accepted in bytes; 0 = no stated limit; null = SIZE not offered. */
  size: number | null;
  pipelining: boolean;
  eightBitMime: boolean;
  smtpUtf8: boolean;
  startTls: boolean;
  enhancedStatusCodes: boolean;
  dsn: boolean;
  /** SASL mechanisms from "AUTH PLAIN LOGIN" (or the old "AUTH=LOGIN" form), upper case. */
  auth: string[];
  /** The keywords as offered, for error messages. */
  keywords: string[];
};

export const NO_EXTENSIONS: SmtpExtensions = {
  size: null,
  pipelining: false,
  eightBitMime: false,
  smtpUtf8: false,
  startTls: false,
  enhancedStatusCodes: false,
  dsn: false,
  auth: [],
  keywords: [],
};

/** Reads the extension lines of a 250 EHLO reply; the first line is the server's name. */
export function readExtensions(reply: SmtpReply): SmtpExtensions {
  const extensions: SmtpExtensions = { ...NO_EXTENSIONS, auth: [], keywords: [] };
  for (const line of reply.lines.slice(1)) {
    const [keyword = "", ...params] = line.trim().split(/[\s=]+/);
    const name = keyword.toUpperCase();
    if (!name) continue;
    extensions.keywords.push(name);
    switch (name) {
      case "SIZE": {
        const limit = Number(params[0] ?? 0);
        extensions.size = Number.isFinite(limit) && limit > 0 ? limit : 0;
        break;
      }
      case "PIPELINING":
        extensions.pipelining = true;
        break;
      case "8BITMIME":
        extensions.eightBitMime = true;
        break;
      case "SMTPUTF8":
        extensions.smtpUtf8 = true;
        break;
      case "STARTTLS":
        extensions.startTls = true;
        break;
      case "ENHANCEDSTATUSCODES":
        extensions.enhancedStatusCodes = true;
        break;
      case "DSN":
        extensions.dsn = true;
        break;
      case "AUTH":
        for (const mechanism of params) {
          const upper = mechanism.toUpperCase();
          if (upper && !extensions.auth.includes(upper)) extensions.auth.push(upper);
        }
        break;
    }
  }
  return extensions;
}
