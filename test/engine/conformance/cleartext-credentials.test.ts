import { describe, expect, it, vi } from "vitest";
import type { ScriptedSmtpServer, SmtpScript } from "@/test/smtp/scripted-smtp-server";
import { copiesOf, isCoolingDown, loadMessage, queueRaw, setUpConformance } from "./conformance-kit";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// Issue 11, kind 3: credentials never cross the wire in clear text unless the admin chose "None".

const conformance = setUpConformance();
const CREDENTIALS = { user: "relay", pass: "s3cret" };
const AUTH = { ...CREDENTIALS, mechanisms: ["PLAIN", "LOGIN"] as const };

const VERBS = new Set(["EHLO", "HELO", "STARTTLS", "MAIL", "RCPT", "DATA", "RSET", "NOOP", "QUIT", "VRFY"]);

/** Lines that could carry a credential, sent while TLS was off: AUTH commands and the SASL answers after them. */
function clearTextAuth(server: ScriptedSmtpServer): string[] {
  return server.sessions.flatMap((session) => {
    let inAuth = false;
    return session.commands.filter(({ line, tls }) => {
      const verb = line.split(" ")[0].toUpperCase();
      inAuth = verb === "AUTH" || (!VERBS.has(verb) && inAuth);
      return inAuth && !tls;
    }).map(({ line }) => line);
  });
}

async function opportunisticWithAuth(script: SmtpScript) {
  const server = await conformance.startScripted({ auth: { ...AUTH, mechanisms: [...AUTH.mechanisms] }, ...script });
  const good = await conformance.startScripted();
  const first = await conformance.gateway(server.port, { encryption: "STARTTLS_OPPORTUNISTIC", auth: CREDENTIALS });
  const second = await conformance.gateway(good.port);
  const message = await queueRaw();
  await conformance.drain();
  return { server, good, first, second, ...message };
}

describe("conformance: no clear-text credentials", () => {
  const noTls: Array<[string, SmtpScript]> = [
    ["stops offering STARTTLS (the issue's example)", { tls: "starttls", extensions: { startTls: false } }],
    ["has no TLS at all", { tls: "none" }],
    ["offers STARTTLS but answers it 454", { tls: "starttls", startTlsReply: "454 4.7.0 TLS not available due to temporary reason" }],
  ];
  for (const [name, script] of noTls) {
    it(`"STARTTLS if available" with AUTH refuses to authenticate when the gateway ${name}, and fails over as a TLS failure`, async () => {
      const { server, good, first, second, id, tag } = await opportunisticWithAuth(script);

      expect(server.credentials).toEqual([]);
      expect(clearTextAuth(server)).toEqual([]);
      expect([copiesOf(tag, server), copiesOf(tag, good)]).toEqual([0, 1]);
      const log = (await loadMessage(id)).deliveryLog;
      expect(log.map((attempt) => [attempt.gatewayId, attempt.outcome])).toEqual([
        [first.id, "FAILOVER"],
        [second.id, "DELIVERED"],
      ]);
      expect(log[0].response).toMatch(/tls/i);
      expect(await isCoolingDown(first.id)).toBe(true);
    });
  }

  it('"STARTTLS if available" with AUTH upgrades first and authenticates only over TLS', async () => {
    const { server, tag } = await opportunisticWithAuth({ tls: "starttls" });
    expect(copiesOf(tag, server)).toBe(1);
    expect(server.credentials.map((seen) => seen.tls)).toEqual([true]);
    expect(clearTextAuth(server)).toEqual([]);
    expect(server.accepted()[0].tls).toBe(true);
  });

  it('"STARTTLS if available" with AUTH also works with a server that offers AUTH only after TLS', async () => {
    const { server, tag } = await opportunisticWithAuth({ tls: "starttls", auth: { ...CREDENTIALS, onlyAfterTls: true } });
    expect(copiesOf(tag, server)).toBe(1);
    expect(server.credentials.map((seen) => seen.tls)).toEqual([true]);
  });

  it('"STARTTLS if available" without AUTH still delivers in clear text when TLS is not offered', async () => {
    const server = await conformance.startScripted({ tls: "starttls", extensions: { startTls: false } });
    await conformance.gateway(server.port, { encryption: "STARTTLS_OPPORTUNISTIC" });
    const { tag } = await queueRaw();

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect(copiesOf(tag, server)).toBe(1);
    expect(server.accepted()[0].tls).toBe(false);
  });

  it('"None" sends the credentials in clear text, as the admin chose', async () => {
    const server = await conformance.startScripted({ auth: { ...CREDENTIALS } });
    await conformance.gateway(server.port, { encryption: "NONE", auth: CREDENTIALS });
    const { tag } = await queueRaw();

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect(copiesOf(tag, server)).toBe(1);
    expect(server.credentials.map(({ user, pass, tls }) => [user, pass, tls])).toEqual([["relay", "s3cret", false]]);
  });

  it('"STARTTLS required" never authenticates in clear text when STARTTLS is not offered', async () => {
    const server = await conformance.startScripted({ tls: "starttls", extensions: { startTls: false }, auth: { ...CREDENTIALS } });
    const good = await conformance.startScripted();
    const first = await conformance.gateway(server.port, { encryption: "STARTTLS_REQUIRED", auth: CREDENTIALS });
    await conformance.gateway(good.port);
    const { id, tag } = await queueRaw();

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect(server.credentials).toEqual([]);
    expect([copiesOf(tag, server), copiesOf(tag, good)]).toEqual([0, 1]);
    expect((await loadMessage(id)).deliveryLog[0]).toMatchObject({ gatewayId: first.id, outcome: "FAILOVER" });
  });

  it('"STARTTLS if available" with AUTH does not fall back to clear text when the TLS handshake fails', async () => {
    const server = await conformance.startScripted({ tls: "starttls", auth: { ...CREDENTIALS } });
    const good = await conformance.startScripted();
    // The self-signed certificate is rejected, so the handshake fails.
    const first = await conformance.gateway(server.port, { encryption: "STARTTLS_OPPORTUNISTIC", verifyCertificate: true, auth: CREDENTIALS });
    await conformance.gateway(good.port);
    const { id, tag } = await queueRaw();

    await conformance.drain();
    expect(server.credentials).toEqual([]);
    expect(clearTextAuth(server)).toEqual([]);
    expect([copiesOf(tag, server), copiesOf(tag, good)]).toEqual([0, 1]);
    expect((await loadMessage(id)).deliveryLog[0]).toMatchObject({ gatewayId: first.id, outcome: "FAILOVER" });
  });
});
