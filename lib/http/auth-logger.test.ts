import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
  vi.unstubAllEnvs();
});

/** A fresh copy of the logger (its once-per-process memory starts empty) with stdout captured. */
async function loadLogger() {
  vi.stubEnv("OUTGATE_LOG_LEVEL", "info");
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  const { authLogger } = await import("./auth-logger");
  return { authLogger, lines };
}

describe("authLogger", () => {
  it("warns about unreadable session cookies in one line, once per process, without a stack trace", async () => {
    const { authLogger, lines } = await loadLogger();
    for (let n = 0; n < 5; n++) authLogger.error!("JWT_SESSION_ERROR", { error: new Error("Invalid Compact JWE"), message: "Invalid Compact JWE" });
    expect(lines).toHaveLength(1);
    expect(lines[0].trimEnd()).not.toContain("\n");
    expect(JSON.parse(lines[0])).toMatchObject({ level: "warn", event: "unreadable_session_cookie", reason: "Invalid Compact JWE" });
  });

  it("logs other next-auth errors as one structured line each", async () => {
    const { authLogger, lines } = await loadLogger();
    authLogger.error!("CALLBACK_CREDENTIALS_JWT_ERROR", new Error("boom"));
    authLogger.error!("OAUTH_CALLBACK_ERROR", { error: new Error("again") });
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      { level: "error", event: "auth_error", code: "CALLBACK_CREDENTIALS_JWT_ERROR", reason: "boom" },
      { level: "error", event: "auth_error", code: "OAUTH_CALLBACK_ERROR", reason: "again" },
    ]);
  });
});
