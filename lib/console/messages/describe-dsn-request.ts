import type { DsnNotify } from "../../validation/dsn-request";

export type DsnRequestFields = {
  dsnRet: string | null;
  dsnEnvid: string | null;
  recipients: { address: string; dsnNotify: string | null; dsnOrcpt: string | null }[];
};

const NOTICE_WORDS: Record<Exclude<DsnNotify, "NEVER">, string> = { SUCCESS: "success", FAILURE: "failure", DELAY: "delay" };

/**
 * The sender's RFC 3461 request in plain words, for the message page: "Sender asked: notify on failure and delay;
 * return headers; envelope id ABC-1". Recipients that asked differently are named: "…; a@x: never notify". null when
 * nothing was asked (API mail, mail from a client that did not use DSN). Values are the client's text: the caller
 * shows them with revealBidiControls.
 */
export function describeDsnRequest({ dsnRet, dsnEnvid, recipients }: DsnRequestFields): string | null {
  const asked = recipients.filter((recipient) => recipient.dsnNotify !== null || recipient.dsnOrcpt !== null);
  if (!dsnRet && dsnEnvid === null && asked.length === 0) return null;
  const parts: string[] = [];
  const notices = [...new Set(recipients.map((recipient) => recipient.dsnNotify))];
  if (notices.length === 1) parts.push(describeNotify(notices[0]));
  else for (const recipient of recipients) parts.push(`${recipient.address}: ${describeNotify(recipient.dsnNotify)}`);
  if (dsnRet) parts.push(dsnRet === "FULL" ? "return the full message" : "return headers");
  if (dsnEnvid !== null) parts.push(`envelope id ${dsnEnvid}`);
  for (const recipient of asked) if (recipient.dsnOrcpt) parts.push(`${recipient.address} was originally ${recipient.dsnOrcpt.replace(/^rfc822;/i, "")}`);
  return `Sender asked: ${parts.join("; ")}`;
}

function describeNotify(notify: string | null): string {
  if (notify === null) return "notify on failure (the default)";
  if (notify === "NEVER") return "never notify";
  const words = notify.split(",").map((keyword) => NOTICE_WORDS[keyword as keyof typeof NOTICE_WORDS] ?? keyword.toLowerCase());
  return `notify on ${words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}` : words[0]}`;
}
