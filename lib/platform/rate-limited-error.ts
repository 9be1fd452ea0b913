import { AppError } from "./errors";

/**
 * A sending limit refused the request (issue 15: a domain's Reject limit, an API key's limit): HTTP 429 with
 * `Retry-After: retryAfterSeconds` (RFC 9110 §10.2.3, delay-seconds), the time until the full window ends.
 */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", message);
    this.name = "RateLimitedError";
  }
}
