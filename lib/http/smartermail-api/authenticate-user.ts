import { z } from "zod";
import { authenticateAdmin } from "../../console/admins/authenticate-admin";
import { AppError } from "../../platform/errors";
import { toHttpResponse } from "../error-answer";
import { readClientIp } from "../read-client-ip";
import { issueApiTokens, verifyApiToken } from "./api-tokens";
import { loginAnswer, loginRefusal } from "./answers";
import { readSmallJson } from "./read-small-json";

const credentialsSchema = z.object({ username: z.string().trim().min(1).max(254), password: z.string().min(1).max(1024) });
// SmarterMail's refresh call sends { token }; accept the field name of the login answer too.
const refreshSchema = z.union([z.object({ token: z.string().min(1).max(4096) }), z.object({ refreshToken: z.string().min(1).max(4096) })]);

/**
 * POST api/v1/auth/authenticate-user: an Outgate admin's email and password (the console's throttled check)
 * for an access + refresh token pair, in SmarterMail's answer shape.
 */
export async function answerAuthenticateUser(request: Request): Promise<Response> {
  try {
    const parsed = credentialsSchema.safeParse(await readSmallJson(request));
    if (!parsed.success) return loginRefusal(400, "Send a JSON object with username and password.");
    const admin = await authenticateAdmin(parsed.data.username, parsed.data.password, readClientIp((name) => request.headers.get(name)));
    return loginAnswer(await issueApiTokens(admin.id));
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthorized") return loginRefusal(401, "Invalid username or password");
    if (error instanceof AppError && error.code === "rate_limited") return loginRefusal(429, error.message);
    return toHttpResponse(error);
  }
}

/** POST api/v1/auth/refresh-token: a valid refresh token of an existing admin for a new token pair. */
export async function answerRefreshToken(request: Request): Promise<Response> {
  try {
    const parsed = refreshSchema.safeParse(await readSmallJson(request));
    // No password is checked here, so a caller without a valid token is simply unauthenticated: HTTP 401.
    if (!parsed.success) return loginRefusal(401, "Send a JSON object with the refresh token in token.", 401);
    const token = "token" in parsed.data ? parsed.data.token : parsed.data.refreshToken;
    const admin = await verifyApiToken(token, "refresh");
    if (!admin) return loginRefusal(401, "The refresh token is invalid or has expired.", 401);
    return loginAnswer(await issueApiTokens(admin.id));
  } catch (error) {
    return toHttpResponse(error);
  }
}
