import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";

/** Knobs of the fake; all of them can be changed while it runs through `fake.settings`. */
export type FakeSmarterMailSettings = {
  /** SmarterMail under a path, as behind IIS or a proxy: "/smartermail". Empty for the root. */
  pathPrefix: string;
  username: string;
  password: string;
  counts: Record<string, number>;
  tokenLifetimeMs: number;
  /** Status of a refused login: versions differ between 200 and 400, both with success:false. */
  loginFailureStatus: 200 | 400;
  /** Answer every request with an HTML page of this status (a proxy error page, the webmail UI). */
  htmlStatus: number | null;
  /** Accept the request and never answer (for timeouts). */
  hang: boolean;
  /** Refuse every token, even fresh ones, with 401. */
  rejectAllTokens: boolean;
  /** Replaces the JSON body of the spool-counts answer (shape tests). */
  spoolBody: unknown;
};

export type FakeSmarterMail = {
  /** Base URL including the path prefix, without trailing slash. */
  url: string;
  /** PEM certificate to trust, for the HTTPS variant. */
  ca?: string;
  settings: FakeSmarterMailSettings;
  readonly authenticateCalls: number;
  readonly spoolCalls: number;
  /** Invalidates every token issued so far: each holder gets one 401 and must log in again. */
  expireTokens(): void;
  close(): Promise<void>;
};

const DEFAULT_COUNTS = { default: 6, waiting: 31, virus: 0, spam: 0, throttledUsers: 1, throttledDomains: 0, quarantine: 2 };

/** In-process fake of the two SmarterMail API calls the client uses, on 127.0.0.1 with a random port. */
export async function startFakeSmarterMail(
  options: Partial<FakeSmarterMailSettings> & { https?: boolean } = {},
): Promise<FakeSmarterMail> {
  const { https: useHttps = false, ...overrides } = options;
  const settings: FakeSmarterMailSettings = {
    pathPrefix: "",
    username: "admin",
    password: "secret",
    counts: { ...DEFAULT_COUNTS },
    tokenLifetimeMs: 15 * 60_000,
    loginFailureStatus: 200,
    htmlStatus: null,
    hang: false,
    rejectAllTokens: false,
    spoolBody: undefined,
    ...overrides,
  };
  const tokens = new Map<string, number>(); // accessToken → expires at (ms)
  let authenticateCalls = 0;
  let spoolCalls = 0;

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (settings.hang) return;
    if (settings.htmlStatus !== null) return sendHtml(response, settings.htmlStatus, "Service Unavailable");

    const path = new URL(request.url ?? "/", "http://fake").pathname;
    const prefix = settings.pathPrefix.replace(/\/+$/, "");
    const route = path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : null;

    if (route === "/api/v1/auth/authenticate-user" && request.method === "POST") {
      authenticateCalls += 1;
      const body = await readJson(request);
      if (body?.username !== settings.username || body?.password !== settings.password) {
        return sendJson(response, settings.loginFailureStatus, {
          success: false,
          resultCode: 401,
          message: "Invalid username or password",
        });
      }
      const accessToken = randomUUID();
      const expiresAt = Date.now() + settings.tokenLifetimeMs;
      tokens.set(accessToken, expiresAt);
      return sendJson(response, 200, {
        emailAddress: settings.username,
        changePasswordNeeded: false,
        displayWelcomeWizard: false,
        isAdmin: true,
        isDomainAdmin: false,
        accessToken,
        refreshToken: randomUUID(),
        accessTokenExpiration: new Date(expiresAt).toISOString(),
        success: true,
        resultCode: 200,
      });
    }

    if (route === "/api/v1/settings/sysadmin/spool-message-counts" && request.method === "GET") {
      spoolCalls += 1;
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? "";
      const expiresAt = tokens.get(token);
      if (settings.rejectAllTokens || expiresAt === undefined || expiresAt <= Date.now()) {
        return sendJson(response, 401, { message: "Authorization has been denied for this request." });
      }
      return sendJson(response, 200, settings.spoolBody ?? { counts: settings.counts, success: true, message: "" });
    }

    // What IIS answers for anything outside the API.
    return sendHtml(response, 404, "404 - File or directory not found.");
  };
  const listener = (request: http.IncomingMessage, response: http.ServerResponse) => {
    handle(request, response).catch(() => response.destroy());
  };

  let ca: string | undefined;
  let server: http.Server | https.Server;
  if (useHttps) {
    const pems = await generateCertificate();
    ca = pems.cert;
    server = https.createServer({ key: pems.private, cert: pems.cert }, listener);
  } else {
    server = http.createServer(listener);
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `${useHttps ? "https" : "http"}://127.0.0.1:${port}${settings.pathPrefix.replace(/\/+$/, "")}`,
    ca,
    settings,
    get authenticateCalls() {
      return authenticateCalls;
    },
    get spoolCalls() {
      return spoolCalls;
    },
    expireTokens() {
      tokens.clear();
    },
    close() {
      // Hanging and keep-alive sockets would otherwise hold close() forever.
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// Generating a key pair is the slow part of a test; one certificate serves every fake in the process.
let certificate: Promise<{ private: string; cert: string }> | undefined;

function generateCertificate() {
  certificate ??= generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
    ],
  });
  return certificate;
}

async function readJson(request: http.IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function sendJson(response: http.ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

function sendHtml(response: http.ServerResponse, status: number, title: string) {
  response.writeHead(status, { "content-type": "text/html" });
  response.end(`<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`);
}
