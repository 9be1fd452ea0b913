import { authenticate, type SmarterMailConnection } from "./authenticate";
import { normalizeBaseUrl } from "./normalize-base-url";
import { httpError, isSuccessStatus, parseJsonBody, readJsonAnswer } from "./read-json-answer";
import { spoolCountsAnswerSchema, type SpoolCountsAnswer } from "./schemas";
import { sendRequest, type RawAnswer } from "./send-request";
import { SmarterMailError, toSmarterMailErrorData, type SmarterMailErrorData } from "./smartermail-error";
import { buildTokenCacheKey, forgetToken, getToken } from "./token-cache";

export type SmarterMailClientOptions = {
  /** Base URL of SmarterMail, path prefix included (https://host/smartermail/). */
  url: string;
  username: string;
  password: string;
  /** Deadline of a whole operation (login, call, one re-login and retry), so a dead server never holds a page. */
  timeoutMs?: number;
  /** `ca` replaces the default trust store for this client (a self-signed SmarterMail certificate). */
  tls?: { ca?: string | Buffer };
};

export type SpoolCounts = { default: number; waiting: number; raw: Record<string, number> };

export type ConnectionTestResult =
  | { ok: true; emailAddress?: string; spool: SpoolCounts; latencyMs: number }
  | { ok: false; error: SmarterMailErrorData };

export type SmarterMailClient = {
  /** Spool counts of the server; throws SmarterMailError. */
  getSpoolCounts(): Promise<SpoolCounts>;
  /** Logs in afresh (ignores the token cache) and reads the spool counts; never throws a SmarterMailError. */
  testConnection(): Promise<ConnectionTestResult>;
};

const DEFAULT_TIMEOUT_MS = 5000;
const SPOOL_COUNTS_PATH = "api/v1/settings/sysadmin/spool-message-counts";

export function createSmarterMailClient(options: SmarterMailClientOptions): SmarterMailClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // A bad URL is reported by each call, like any other failure, instead of throwing during a render.
  let connection: SmarterMailConnection;
  try {
    const baseUrl = normalizeBaseUrl(options.url);
    connection = { baseUrl, username: options.username, password: options.password, timeoutMs, ca: options.tls?.ca };
  } catch (error) {
    const rejectWithIt = () => Promise.reject(error);
    return {
      getSpoolCounts: rejectWithIt,
      testConnection: async () => ({ ok: false, error: toSmarterMailErrorData(error as SmarterMailError) }),
    };
  }
  const cacheKey = buildTokenCacheKey(connection.baseUrl.href, options.username, options.password);

  /** GET with a bearer token; on 401 forgets the token, logs in once more and retries once. */
  async function getWithToken(path: string, signal: AbortSignal, fresh: boolean) {
    const login = () => authenticate(connection, signal);
    const send = (accessToken: string) =>
      sendRequest({
        url: new URL(path, connection.baseUrl),
        method: "GET",
        headers: { authorization: `Bearer ${accessToken}` },
        signal,
        timeoutMs,
        ca: connection.ca,
      });

    const first = await getToken(cacheKey, login, { fresh });
    const answer = await send(first.accessToken);
    if (answer.status !== 401) return { answer, token: first };

    forgetToken(cacheKey, first.accessToken);
    const second = await getToken(cacheKey, login);
    const retried = await send(second.accessToken);
    if (retried.status === 401) {
      throw new SmarterMailError("auth_failed", `${path}: token refused right after a new login (HTTP 401)`);
    }
    return { answer: retried, token: second };
  }

  async function readSpoolCounts(fresh: boolean) {
    const signal = AbortSignal.timeout(timeoutMs);
    const { answer, token } = await getWithToken(SPOOL_COUNTS_PATH, signal, fresh);
    return { spool: toSpoolCounts(answer), emailAddress: token.emailAddress };
  }

  return {
    async getSpoolCounts() {
      return (await readSpoolCounts(false)).spool;
    },
    async testConnection() {
      const started = performance.now();
      try {
        const { spool, emailAddress } = await readSpoolCounts(true);
        return { ok: true, spool, emailAddress, latencyMs: Math.round(performance.now() - started) };
      } catch (error) {
        if (error instanceof SmarterMailError) return { ok: false, error: toSmarterMailErrorData(error) };
        throw error;
      }
    },
  };
}

function toSpoolCounts(answer: RawAnswer): SpoolCounts {
  const what = "spool counts";
  // A user who is not a system administrator gets 403 or success:false, depending on the version.
  if (!isSuccessStatus(answer.status)) throw httpError(answer, what);
  const json = parseJsonBody(answer) as { success?: unknown } | undefined;
  // The server's message is not repeated (issue #12, kind 10); a user without system-admin rights is the usual cause.
  if (json && typeof json === "object" && json.success === false) {
    throw new SmarterMailError("unexpected_answer", `${what}: success: false (is the user a system administrator?)`);
  }
  const data: SpoolCountsAnswer = readJsonAnswer(answer, spoolCountsAnswerSchema, what);
  const raw: Record<string, number> = {};
  for (const [name, value] of Object.entries(data.counts)) {
    if (typeof value === "number" && Number.isFinite(value)) raw[name] = value;
  }
  return { default: data.counts.default, waiting: data.counts.waiting, raw };
}
