import { describe, expect, it, vi } from "vitest";
import type { AuthMechanism } from "@/test/smtp/scripted-smtp-server";
import { copiesOf, isCoolingDown, loadMessage, queueRaw, setUpConformance } from "./conformance-kit";

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
});
