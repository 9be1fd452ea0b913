import { z } from "zod";

/**
 * Called first in the browser by instrumentation-client.ts. There zod probes whether it may compile validators with
 * `new Function("")`; the page's CSP (no 'unsafe-eval', lib/http/security-headers.ts) blocks it, and the browser
 * reports a violation on every page even though zod catches the throw. `jitless` skips the probe (zod v4
 * core/util.ts, allowsEval). The server keeps the compiled validators: the submission API validates every message.
 */
export function configureZodForCsp(): void {
  if (typeof window !== "undefined") z.config({ jitless: true });
}
