import type { LoggerInstance } from "next-auth";
import { log } from "../platform/log";

/** next-auth's code for a session cookie it cannot decrypt or verify: a client's mistake, or an old secret's cookie. */
const UNREADABLE_SESSION = "JWT_SESSION_ERROR";

let warnedUnreadableSession = false;

function describe(metadata: Error | { error: Error }): string {
  const error = metadata instanceof Error ? metadata : metadata.error;
  return error?.message ?? "unknown";
}

/**
 * next-auth's logger (its default prints each error with a stack trace): one structured line per event through the
 * platform log. An unreadable session cookie is treated as signed out and warned about once per process, so a client
 * sending garbage (or every browser after NEXTAUTH_SECRET changed) cannot fill the log.
 */
export const authLogger: Partial<LoggerInstance> = {
  error(code, metadata) {
    if (code === UNREADABLE_SESSION) {
      if (warnedUnreadableSession) return;
      warnedUnreadableSession = true;
      log("warn", "unreadable_session_cookie", { reason: describe(metadata), note: "treated as signed out; further ones are not logged" });
      return;
    }
    log("error", "auth_error", { code, reason: describe(metadata) });
  },
  warn(code) {
    log("warn", "auth_warning", { code });
  },
  debug() {},
};
