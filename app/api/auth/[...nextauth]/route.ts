import NextAuth from "next-auth";
import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { authLogger } from "@/lib/http/auth-logger";
import { authOptions } from "@/lib/http/auth-options";
import { refuseLargeBody } from "@/lib/http/refuse-large-body";

/** Sign-in forms carry an email, a password and a CSRF token: 64 KiB is generous, and next-auth has no limit of its own. */
const MAX_BODY_BYTES = 64 * 1024;

const handler = refuseLargeBody(MAX_BODY_BYTES, NextAuth({ ...authOptions, logger: authLogger }));

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: handler, POST: handler });
