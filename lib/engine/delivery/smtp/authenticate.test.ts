import { describe, expect, it } from "vitest";
import { startRawSmtpPeer } from "@/test/smtp/raw-smtp-peer";
import { rawMessage, send, setUpSmtpTests } from "@/test/smtp/smtp-client-test-kit";

// Kind 2 (AUTH that negotiates) and kind 3 (credentials never in clear text unless the admin chose "None").

const kit = setUpSmtpTests();
const auth = { user: "relay", pass: "s3cret" };

describe("AUTH mechanisms", () => {
  it.each(["PLAIN", "LOGIN", "CRAM-MD5"] as const)("authenticates with %s when it is the only one offered", async (mechanism) => {
    const server = await kit.server({ tls: "starttls", auth: { ...auth, mechanisms: [mechanism] } });
    const result = await send(kit.pool(server, { encryption: "STARTTLS_REQUIRED", auth }), rawMessage(mechanism));
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.credentials).toEqual([expect.objectContaining({ mechanism, user: "relay", tls: true })]);
  });

  it("AUTO falls back to LOGIN when PLAIN is refused as a mechanism (504)", async () => {
    const server = await kit.server({
      tls: "starttls",
      auth: { ...auth, mechanisms: ["PLAIN", "LOGIN"], answers: { PLAIN: "504 5.5.4 Mechanism not available" } },
    });
    const result = await send(kit.pool(server, { encryption: "STARTTLS_REQUIRED", auth }), rawMessage("fallback"));
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.credentials.map((credential) => credential.mechanism)).toEqual(["PLAIN", "LOGIN"]);
  });

  it.each([
    ["534 5.7.9 Authentication mechanism is too weak"],
    ["538 5.7.11 Encryption required for requested authentication mechanism"],
    ["554 5.7.0 Mechanism PLAIN disabled"],
  ])("AUTO also falls back on %s", async (answer) => {
    const server = await kit.server({ tls: "starttls", auth: { ...auth, mechanisms: ["PLAIN", "LOGIN"], answers: { PLAIN: answer } } });
    const result = await send(kit.pool(server, { encryption: "STARTTLS_REQUIRED", auth }), rawMessage("fallback"));
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.credentials.map((credential) => credential.mechanism)).toEqual(["PLAIN", "LOGIN"]);
  });

  it("does not try another mechanism after 535 (bad credentials) and names offer and answers", async () => {
    const server = await kit.server({ tls: "starttls", auth: { ...auth, mechanisms: ["PLAIN", "LOGIN"] } });
    const result = await send(kit.pool(server, { encryption: "STARTTLS_REQUIRED", auth: { user: "relay", pass: "wrong" } }), rawMessage("bad"));
    expect(server.credentials.map((credential) => credential.mechanism)).toEqual(["PLAIN"]);
    expect(result.failure).toMatchObject({ kind: "failover", code: 535 });
    expect(result.failure?.reason).toBe("auth: the server offers PLAIN LOGIN; PLAIN refused with 535 5.7.8 Authentication credentials invalid");
  });

  it("names every try when all offered mechanisms are refused", async () => {
    const server = await kit.server({
      tls: "starttls",
      auth: { ...auth, mechanisms: ["PLAIN", "LOGIN"], answers: { PLAIN: "504 5.5.4 Not available", LOGIN: "535 5.7.8 No" } },
    });
    const result = await send(kit.pool(server, { encryption: "STARTTLS_REQUIRED", auth }), rawMessage("all"));
    expect(result.failure?.reason).toBe("auth: the server offers PLAIN LOGIN; PLAIN refused with 504 5.5.4 Not available; LOGIN refused with 535 5.7.8 No");
  });

  it("a fixed mechanism is the only one tried", async () => {
    const server = await kit.server({
      tls: "starttls",
      auth: { ...auth, mechanisms: ["PLAIN", "LOGIN"], answers: { LOGIN: "504 5.5.4 Not available" } },
    });
    const result = await send(kit.pool(server, { encryption: "STARTTLS_REQUIRED", auth }, { authMechanism: "LOGIN" }), rawMessage("fixed"));
    expect(result.failure).toMatchObject({ kind: "failover", code: 504 });
    expect(server.credentials.map((credential) => credential.mechanism)).toEqual(["LOGIN"]);
  });

  it("fails over when the server offers no AUTH", async () => {
    const server = await kit.server({ tls: "starttls" });
    const result = await send(kit.pool(server, { encryption: "STARTTLS_REQUIRED", auth }), rawMessage("none"));
    expect(result.failure?.reason).toMatch(/^auth: the server offers no AUTH mechanism \(it offers PIPELINING/);
  });
});

describe("credentials and encryption", () => {
  it("opportunistic mode with AUTH refuses to authenticate when STARTTLS is not offered → tls failover, no AUTH sent", async () => {
    const server = await kit.server({ tls: "starttls", extensions: { startTls: false }, auth });
    const result = await send(kit.pool(server, { encryption: "STARTTLS_OPPORTUNISTIC", auth }), rawMessage("clear"));
    expect(result.failure).toMatchObject({ kind: "failover" });
    expect(result.failure?.reason).toMatch(/^tls: STARTTLS: the gateway does not offer STARTTLS .*password would go in clear text/);
    expect(server.credentials).toHaveLength(0);
    expect(server.sessions[0].commands.some((command) => /^AUTH/i.test(command.line))).toBe(false);
  });

  it("opportunistic mode authenticates only after STARTTLS when it is offered", async () => {
    const server = await kit.server({ tls: "starttls", auth });
    const result = await send(kit.pool(server, { encryption: "STARTTLS_OPPORTUNISTIC", auth }), rawMessage("tls"));
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.credentials).toEqual([expect.objectContaining({ tls: true })]);
    expect(server.sessions[0].commands.filter((command) => /^EHLO/i.test(command.line)).map((command) => command.tls)).toEqual([false, true]);
  });

  it("opportunistic mode without AUTH still sends in clear text when STARTTLS is not offered", async () => {
    const server = await kit.server({ tls: "starttls", extensions: { startTls: false } });
    const result = await send(kit.pool(server, { encryption: "STARTTLS_OPPORTUNISTIC" }), rawMessage("clear-ok"));
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.messages[0].tls).toBe(false);
  });

  it("NONE sends credentials in clear text, as the admin chose", async () => {
    const server = await kit.server({ auth });
    const result = await send(kit.pool(server, { encryption: "NONE", auth }), rawMessage("none"));
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.credentials).toEqual([expect.objectContaining({ tls: false })]);
  });

  it("STARTTLS_REQUIRED fails over when STARTTLS is not offered", async () => {
    const server = await kit.server({ tls: "starttls", extensions: { startTls: false } });
    const result = await send(kit.pool(server, { encryption: "STARTTLS_REQUIRED" }), rawMessage("required"));
    expect(result.failure?.reason).toMatch(/^tls: STARTTLS: the gateway does not offer STARTTLS/);
    expect(server.messages).toHaveLength(0);
  });

  it("IMPLICIT_TLS refuses an untrusted certificate before any credential is sent", async () => {
    const server = await kit.server({ tls: "implicit", auth });
    const pool = kit.pool(server, { encryption: "IMPLICIT_TLS", verifyCertificate: true, auth });
    const result = await send(pool, rawMessage("implicit"));
    expect(result.failure?.reason).toMatch(/^tls: TLS: .*self[- ]signed/i);
    expect(server.credentials).toHaveLength(0);
  });

  describe("a server that offers STARTTLS and then refuses it", () => {
    const refusingPeer = (starttlsAnswer: string) =>
      startRawSmtpPeer((line) => {
        const verb = line.split(/[ :]/)[0].toUpperCase();
        if (verb === "EHLO") return "250-raw.test\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n";
        if (verb === "STARTTLS") return starttlsAnswer;
        if (verb === "DATA") return "354 go\r\n";
        if (verb === ".") return "250 2.0.0 queued\r\n";
        return "250 ok\r\n";
      });

    it("opportunistic mode without AUTH carries on in clear text after a refused STARTTLS", async () => {
      const peer = await refusingPeer("454 4.7.0 TLS not available\r\n");
      try {
        expect((await send(kit.pool(peer, { encryption: "STARTTLS_OPPORTUNISTIC" }), rawMessage("refused-tls"))).recipients[0].status).toBe("delivered");
      } finally {
        await peer.close();
      }
    });

    it("opportunistic mode with AUTH fails over after a refused STARTTLS and never sends AUTH", async () => {
      const peer = await refusingPeer("454 4.7.0 TLS not available\r\n");
      try {
        const result = await send(kit.pool(peer, { encryption: "STARTTLS_OPPORTUNISTIC", auth }), rawMessage("refused-tls-auth"));
        expect(result.failure?.reason).toBe(
          "tls: STARTTLS refused, so the password would go in clear text; not authenticating: 454 4.7.0 TLS not available",
        );
        expect(peer.lines.some((line) => /^AUTH/i.test(line))).toBe(false);
      } finally {
        await peer.close();
      }
    });

    it("refuses a STARTTLS answer followed by more clear-text data (command injection, RFC 3207 §6)", async () => {
      const peer = await refusingPeer("220 2.0.0 go ahead\r\n250 2.0.0 injected\r\n");
      try {
        const result = await send(kit.pool(peer, { encryption: "STARTTLS_REQUIRED", auth }), rawMessage("injected"));
        expect(result.failure?.reason).toBe("tls: STARTTLS: the server sent data after its 220 before TLS began");
        expect(peer.lines.some((line) => /^AUTH/i.test(line))).toBe(false);
      } finally {
        await peer.close();
      }
    });
  });
});
