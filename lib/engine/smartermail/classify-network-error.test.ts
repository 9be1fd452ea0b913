import { describe, expect, it } from "vitest";
import { classifyNetworkError } from "./classify-network-error";
import { SmarterMailError } from "./smartermail-error";

function codeError(code: string, message = `failed: ${code}`) {
  return Object.assign(new Error(message), { code });
}

describe("classifyNetworkError", () => {
  it.each([
    ["ECONNREFUSED", "unreachable"],
    ["ENOTFOUND", "unreachable"],
    ["ECONNRESET", "unreachable"],
    ["EHOSTUNREACH", "unreachable"],
    ["EAI_AGAIN", "unreachable"],
    ["ETIMEDOUT", "timeout"],
    ["ABORT_ERR", "timeout"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "tls"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "tls"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "tls"],
    ["CERT_HAS_EXPIRED", "tls"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "tls"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "tls"],
    ["EADDRNOTAVAIL", "unreachable"],
  ])("maps %s to %s", (code, kind) => {
    expect(classifyNetworkError(codeError(code), "mail.example:443").kind).toBe(kind);
  });

  it("maps an AbortError/TimeoutError without code to timeout", () => {
    const error = Object.assign(new Error("aborted"), { name: "TimeoutError" });
    expect(classifyNetworkError(error, "h").kind).toBe("timeout");
  });

  it("puts the host and a readable reason in details", () => {
    const error = classifyNetworkError(codeError("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.1:443"), "mail.example");
    expect(error.message).toBe("unreachable");
    expect(error.details).toBe("mail.example: connection refused (ECONNREFUSED)");
  });

  it("passes a SmarterMailError through unchanged", () => {
    const original = new SmarterMailError("timeout", "x");
    expect(classifyNetworkError(original, "h")).toBe(original);
  });
});
