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

  // The server's own message is not repeated: the URL may point anywhere (issue #12, kind 10).
  if (answer.status === 401 || answer.status === 403) throw authFailed(what, `credentials refused (HTTP ${answer.status})`);
  // Depending on the version, refused credentials come back as 200 or 400 with success:false.
  const isRefusal = authenticateFailureSchema.safeParse(json).success;
  if (!isSuccessStatus(answer.status) && !(answer.status === 400 && isRefusal)) throw httpError(answer, what);
  if (isPasswordChangeDemand(json)) throw authFailed(what, "SmarterMail asks for a password change first");

  const data = readJsonAnswer(answer, authenticateAnswerSchema, what);
  if (!data.success) throw authFailed(what, "credentials refused");
  return {
    accessToken: data.accessToken,
    reuseUntil: computeReuseUntil(data.accessTokenExpiration, Date.now()),
    emailAddress: data.emailAddress ?? undefined,
  };
}

function authFailed(what: string, reason: string): SmarterMailError {
  return new SmarterMailError("auth_failed", `${what}: ${reason}`);
}

// success:true without a token happens when the account must change its password before anything else.
function isPasswordChangeDemand(json: unknown): boolean {
  if (typeof json !== "object" || json === null) return false;
  const record = json as Record<string, unknown>;
  return record.changePasswordNeeded === true && !record.accessToken;
}
