import { SmarterMailError } from "./smartermail-error";

/**
 * The configured SmarterMail URL as a base for `new URL("api/v1/...", base)`: keeps a path prefix
 * (SmarterMail under IIS or a proxy, e.g. https://host/smartermail/), forces the trailing slash the
 * relative resolution needs, and drops query, fragment and embedded credentials.
 */
export function normalizeBaseUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new SmarterMailError("unreachable", `"${input}" is not a URL`, { message: "invalid URL" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SmarterMailError("unreachable", `"${input}": only http and https are supported`, { message: "invalid URL" });
  }
  url.search = "";
  url.hash = "";
  url.username = "";
  url.password = "";
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}
