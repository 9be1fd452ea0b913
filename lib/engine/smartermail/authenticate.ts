import { authenticateAnswerSchema, authenticateFailureSchema } from "./schemas";
import { httpError, isSuccessStatus, parseJsonBody, readJsonAnswer } from "./read-json-answer";
import { sendRequest } from "./send-request";
import { SmarterMailError } from "./smartermail-error";
import { computeReuseUntil, type CachedToken } from "./token-cache";

export type SmarterMailConnection = {
  baseUrl: URL;
  username: string;
  password: string;
  timeoutMs: number;
  ca?: string | Buffer;
};

/** POST api/v1/auth/authenticate-user; resolves with a token to cache, or throws SmarterMailError. */
export async function authenticate(connection: SmarterMailConnection, signal: AbortSignal): Promise<CachedToken> {
  const { baseUrl, username, password, timeoutMs, ca } = connection;
  const what = `login as "${username}"`;
  const answer = await sendRequest({
    url: new URL("api/v1/auth/authenticate-user", baseUrl),
    method: "POST",
    json: { username, password },
    signal,
    timeoutMs,
    ca,
  });
  const json = parseJsonBody(answer);

  if (answer.status === 401 || answer.status === 403) {
    throw authFailed(what, messageOf(json) ?? `HTTP ${answer.status}`);
  }
  // Depending on the version, refused credentials come back as 200 or 400 with success:false.
  const isRefusal = authenticateFailureSchema.safeParse(json).success;
  if (!isSuccessStatus(answer.status) && !(answer.status === 400 && isRefusal)) throw httpError(answer, what);
  if (isPasswordChangeDemand(json)) throw authFailed(what, "SmarterMail asks for a password change first");

  const data = readJsonAnswer(answer, authenticateAnswerSchema, what);
  if (!data.success) throw authFailed(what, data.message || "credentials refused");
  return {
    accessToken: data.accessToken,
    reuseUntil: computeReuseUntil(data.accessTokenExpiration, Date.now()),
    emailAddress: data.emailAddress ?? undefined,
  };
}

function authFailed(what: string, reason: string): SmarterMailError {
  return new SmarterMailError("auth_failed", `${what}: ${reason}`);
}

function messageOf(json: unknown): string | undefined {
  if (typeof json !== "object" || json === null || !("message" in json)) return undefined;
  return typeof json.message === "string" && json.message ? json.message : undefined;
}

// success:true without a token happens when the account must change its password before anything else.
function isPasswordChangeDemand(json: unknown): boolean {
  if (typeof json !== "object" || json === null) return false;
  const record = json as Record<string, unknown>;
  return record.changePasswordNeeded === true && !record.accessToken;
}
