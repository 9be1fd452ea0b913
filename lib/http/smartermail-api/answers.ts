import type { IssuedTokens } from "./api-tokens";

// The JSON SmarterMail's own clients read (field names as in SmarterMail's web services). Refusals keep
// SmarterMail's habit of HTTP 200 with success:false, which lib/engine/smartermail/authenticate.ts also accepts.

export function loginAnswer(tokens: IssuedTokens & { email: string }): Response {
  return Response.json({
    emailAddress: tokens.email,
    username: tokens.email,
    changePasswordNeeded: false,
    displayWelcomeWizard: false,
    isAdmin: true,
    isDomainAdmin: false,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessTokenExpiration: tokens.accessTokenExpiration.toISOString(),
    success: true,
    resultCode: 200,
  });
}

/** HTTP 200 unless `status` says otherwise (400 for a malformed body, 401 where no credential was checked). */
export function loginRefusal(resultCode: number, message: string, status = resultCode === 400 ? 400 : 200): Response {
  return Response.json({ success: false, resultCode, message }, { status });
}

/** What SmarterMail (ASP.NET Web API) answers to a call without a valid bearer token. */
export function deniedAnswer(): Response {
  return Response.json(
    { success: false, message: "Authorization has been denied for this request." },
    { status: 401, headers: { "www-authenticate": 'Bearer realm="outgate"' } },
  );
}
