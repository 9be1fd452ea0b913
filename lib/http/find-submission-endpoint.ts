import type { ApiEndpoint } from "./api-request";
import { answerSubmitBatch, answerSubmitMessage } from "./submission-endpoints";

const SUBMISSION_ENDPOINTS: Record<string, ApiEndpoint> = {
  "/api/v1/messages": answerSubmitMessage,
  "/api/v1/messages/batch": answerSubmitBatch,
};

/**
 * The submission endpoint a Node request is for, or undefined: the production web server (scripts/web-server.ts)
 * serves these from Node and hands everything else to Next. Only POST and an exact path (the query aside) match:
 * encoded variants and trailing slashes are Next's to route or refuse, as are other methods on these paths.
 */
export function findSubmissionEndpoint(method: string | undefined, url: string | undefined): ApiEndpoint | undefined {
  if (method !== "POST" || !url) return undefined;
  const pathname = url.split("?", 1)[0];
  return Object.hasOwn(SUBMISSION_ENDPOINTS, pathname) ? SUBMISSION_ENDPOINTS[pathname] : undefined;
}
