import { describe, expect, it, vi } from "vitest";
import type { AuthMechanism } from "@/test/smtp/scripted-smtp-server";
import { copiesOf, isCoolingDown, loadMessage, queueRaw, setUpConformance, SHORT_TIMEOUTS } from "./conformance-kit";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// Issue 11, kind 2: AUTH negotiates (Auto falls back on 504/534/538-style answers) and every failure names its cause.

const conformance = setUpConformance();
const CREDENTIALS = { user: "relay", pass: "s3cret" };

function authServer(mechanisms: AuthMechanism[], answers: Partial<Record<AuthMechanism, string>> = {}) {
  return conformance.startScripted({ auth: { ...CREDENTIALS, mechanisms, answers } });
}

describe("conformance: AUTH negotiation", () => {
  // Whatever order Auto tries them in, only the accepted mechanism can end the exchange.
  const fallbacks: Array<[string, Partial<Record<AuthMechanism, string>>, AuthMechanism]> = [
    ["PLAIN answered 504, LOGIN accepted (the issue's example)", { PLAIN: "504 5.5.4 Mechanism not available" }, "LOGIN"],
    ["PLAIN answered 534 (mechanism too weak), LOGIN accepted", { PLAIN: "534 5.7.9 Authentication mechanism is too weak" }, "LOGIN"],
    ["LOGIN answered 538 (encryption required), PLAIN accepted", { LOGIN: "538 5.7.11 Encryption required for requested authentication mechanism" }, "PLAIN"],
  ];
  for (const [name, answers, accepted] of fallbacks) {
    it(`Auto falls back to the next offered mechanism: ${name}`, async () => {
      const server = await authServer(["PLAIN", "LOGIN"], answers);
      const gateway = await conformance.gateway(server.port, { auth: CREDENTIALS });
      const { id, tag } = await queueRaw();

      expect(await conformance.drain()).toMatchObject({ delivered: 1 });
      expect(copiesOf(tag, server)).toBe(1);
      expect(server.credentials.at(-1)?.mechanism).toBe(accepted);
      expect(server.credentials.length).toBeLessThanOrEqual(2);
      expect((await loadMessage(id)).deliveryLog.map((attempt) => attempt.outcome)).toEqual(["DELIVERED"]);
      expect(await isCoolingDown(gateway.id)).toBe(false);
    });
  }

  it("Auto uses CRAM-MD5 when that is all the server offers, so the password never crosses the wire", async () => {
    const server = await authServer(["CRAM-MD5"]);
    await conformance.gateway(server.port, { auth: CREDENTIALS });
    const { tag } = await queueRaw();

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect(copiesOf(tag, server)).toBe(1);
    expect(server.credentials.map(({ mechanism, user, pass }) => [mechanism, user, pass])).toEqual([["CRAM-MD5", "relay", null]]);
  });

  it("Auto prefers CRAM-MD5 over PLAIN and LOGIN when all three are offered", async () => {
    const server = await authServer(["PLAIN", "LOGIN", "CRAM-MD5"]);
    await conformance.gateway(server.port, { auth: CREDENTIALS });
    await queueRaw();

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect(server.credentials.map((seen) => seen.mechanism)).toEqual(["CRAM-MD5"]);
  });

  it("uses only the mechanism the admin chose", async () => {
    const server = await authServer(["PLAIN", "LOGIN"]);
    await conformance.gateway(server.port, { auth: CREDENTIALS, session: { authMechanism: "LOGIN" } });
    const { tag } = await queueRaw();

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect(copiesOf(tag, server)).toBe(1);
    expect(server.credentials.map((seen) => seen.mechanism)).toEqual(["LOGIN"]);
  });

  it("fails over without sending credentials when the chosen mechanism is not offered, naming what was offered", async () => {
    const server = await authServer(["PLAIN", "LOGIN"]);
    const good = await conformance.startScripted();
    const first = await conformance.gateway(server.port, { auth: CREDENTIALS, session: { authMechanism: "CRAM_MD5", timeouts: SHORT_TIMEOUTS } });
    await conformance.gateway(good.port);
    const { id, tag } = await queueRaw();

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect([copiesOf(tag, server), copiesOf(tag, good)]).toEqual([0, 1]);
    expect(server.credentials).toEqual([]);
    const [failover] = (await loadMessage(id)).deliveryLog;
    expect(failover).toMatchObject({ gatewayId: first.id, outcome: "FAILOVER" });
    expect(failover.response).toMatch(/CRAM-MD5/);
    expect(failover.response).toMatch(/PLAIN LOGIN/);
    expect(await isCoolingDown(first.id)).toBe(true);
  });

  it("does not retry other mechanisms after 535 (wrong credentials) and says which step failed", async () => {
    const server = await conformance.startScripted({ auth: { user: "relay", pass: "other", mechanisms: ["PLAIN", "LOGIN"] } });
    const good = await conformance.startScripted();
    const first = await conformance.gateway(server.port, { auth: CREDENTIALS });
    await conformance.gateway(good.port);
    const { id } = await queueRaw();

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect(server.credentials).toHaveLength(1);
    const [failover] = (await loadMessage(id)).deliveryLog;
    expect(failover).toMatchObject({ gatewayId: first.id, outcome: "FAILOVER", smtpCode: 535 });
    expect(failover.response).toMatch(/auth/i);
    expect(failover.response).toContain(server.credentials[0].mechanism);
    expect(failover.response).toMatch(/535 5\.7\.8/);
  });

  it("names every mechanism tried and each answer when all of them are refused", async () => {
    const server = await authServer(["PLAIN", "LOGIN"], { PLAIN: "504 5.5.4 Mechanism not available", LOGIN: "534 5.7.9 Authentication mechanism is too weak" });
    const good = await conformance.startScripted();
    const first = await conformance.gateway(server.port, { auth: CREDENTIALS });
    await conformance.gateway(good.port);
    const { id } = await queueRaw();

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect(server.credentials.map((seen) => seen.mechanism).sort()).toEqual(["LOGIN", "PLAIN"]);
    const [failover] = (await loadMessage(id)).deliveryLog;
    expect(failover).toMatchObject({ gatewayId: first.id, outcome: "FAILOVER" });
    expect(failover.response).toMatch(/PLAIN[^;]*504/);
    expect(failover.response).toMatch(/LOGIN[^;]*534/);
  });
});
