import { TOKEN68 } from "../validation/token68";

/**
 * RFC 6750 §2.1: `credentials = "Bearer" 1*SP b64token`, where b64token is token68 (RFC 9110 §11.2). The scheme is case-insensitive (RFC 9110 §11.1). Trailing spaces
 * are allowed because a header value's surrounding whitespace is not part of it (RFC 9110 §5.5).
 */
const BEARER_CREDENTIALS = new RegExp(`^Bearer +(${TOKEN68}) *$`, "i");

/**
 * The token of an `Authorization: Bearer <token>` header value, or null when the header is absent, names another
 * scheme, or is not exactly one well-formed token. The one Bearer parser: the API-key, SmarterMail-token and
 * worker-token checks all read their token here.
 */
export function readBearerToken(authorization: string | null | undefined): string | null {
  const match = BEARER_CREDENTIALS.exec(authorization ?? "");
  return match ? match[1] : null;
}
