/**
 * token68 (RFC 9110 §11.2), the form of a Bearer token (RFC 6750 §2.1 b64token): letters, digits and "-._~+/",
 * then "=" padding only at the end. Shared by the one Bearer parser and the configuration check of
 * OUTGATE_WORKER_TOKEN, so a configured token can always be sent.
 */
export const TOKEN68 = "[A-Za-z0-9\\-._~+/]+=*";
