import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import type { GatewayInput } from "@/lib/validation/gateway";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { createGatewayAction, updateGatewayAction } from "./actions";

// Issue #12, kind 10: an address that can never be connected to is refused when it is typed, with a field error,
// rather than saved and failed on every delivery.
const BASIC: GatewayInput = { description: "Relay", address: "smtp.example.com", port: 25, encryption: "NONE", enabled: "true", type: "ROUND_ROBIN" };
const SMARTERMAIL = { smartermailEnabled: true, smartermailUrl: "https://mail.example.com/", smartermailUsername: "admin", smartermailPassword: "pw" };

beforeEach(async () => {
  await resetDatabase();
  signOutEveryone();
  await signInAs(await createTestAdmin());
});

describe("saving a gateway whose destination is denied", () => {
  it.each(["169.254.169.254", "[::ffff:169.254.169.254]", "fe80::25"])("refuses the server address %s with a field error", async (address) => {
    const result = await createGatewayAction({ ...BASIC, address });

    expect(result).toMatchObject({ ok: false, code: "validation_failed", fieldErrors: { address: [expect.stringContaining("not allowed")] } });
    expect(await getDb().gateway.count()).toBe(0);
  });

  it.each(["http://169.254.169.254/", "https://[fe80::1]:9998/", "http://2852039166/"])("refuses the SmarterMail URL %s with a field error", async (smartermailUrl) => {
    const result = await createGatewayAction({ ...BASIC, ...SMARTERMAIL, smartermailUrl });

    expect(result).toMatchObject({ ok: false, code: "validation_failed", fieldErrors: { smartermailUrl: [expect.stringContaining("not allowed")] } });
  });

  it("refuses an edit that moves a gateway to a denied address, and keeps private and loopback addresses", async () => {
    const created = await createGatewayAction({ ...BASIC, address: "10.0.0.25", ...SMARTERMAIL, smartermailUrl: "http://127.0.0.1:9998/" });
    if (!created.ok) throw new Error(JSON.stringify(created));

    const moved = await updateGatewayAction({ ...BASIC, id: created.data.id, address: "169.254.0.10" });

    expect(moved).toMatchObject({ ok: false, fieldErrors: { address: [expect.stringContaining("not allowed")] } });
    expect(await getDb().gateway.findUniqueOrThrow({ where: { id: created.data.id }, select: { address: true } })).toEqual({ address: "10.0.0.25" });
  });
});
