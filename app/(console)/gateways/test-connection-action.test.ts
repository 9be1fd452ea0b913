import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearSmarterMailTokenCache } from "@/lib/engine/smartermail/token-cache";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { createSpoolTestGateway } from "@/test/smartermail/create-smartermail-gateway";
import { startFakeSmarterMail, type FakeSmarterMail } from "@/test/smartermail/start-fake-smartermail";
import { testSmarterMailConnectionAction } from "./actions";

let fake: FakeSmarterMail;

beforeEach(async () => {
  await resetDatabase();
  clearSmarterMailTokenCache();
  signOutEveryone();
  fake = await startFakeSmarterMail({ username: "sm-admin", password: "stored sm password" });
});
afterEach(() => fake.close());

const typed = () => ({ smartermailUrl: fake.url, smartermailUsername: "sm-admin", smartermailPassword: "stored sm password" });

describe("testSmarterMailConnectionAction", () => {
  it("refuses an anonymous caller without contacting the server", async () => {
    const result = await testSmarterMailConnectionAction(typed());

    expect(result).toMatchObject({ ok: false, code: "unauthorized" });
    expect(fake.authenticateCalls).toBe(0);
  });

  it("logs in with the typed values and reports the spool", async () => {
    await signInAs(await createTestAdmin());

    const result = await testSmarterMailConnectionAction(typed());

    expect(result).toMatchObject({ ok: true, data: { ok: true, spool: { default: 6, waiting: 31 }, latencyMs: expect.any(Number) } });
  });

  it("uses the stored password of the gateway when the field is blank", async () => {
    await signInAs(await createTestAdmin());
    const gatewayId = await createSpoolTestGateway({ smartermail: { url: fake.url, username: "sm-admin", password: "stored sm password" } });

    const result = await testSmarterMailConnectionAction({ ...typed(), smartermailPassword: "", gatewayId });

    expect(result).toMatchObject({ ok: true, data: { ok: true } });
    expect(JSON.stringify(result)).not.toContain("stored sm password");
  });

  it("says what failed: a typed wrong password, an unreachable server", async () => {
    await signInAs(await createTestAdmin());

    const wrong = await testSmarterMailConnectionAction({ ...typed(), smartermailPassword: "typo" });
    const down = await testSmarterMailConnectionAction({ ...typed(), smartermailUrl: "http://127.0.0.1:9" });

    expect(wrong).toMatchObject({ ok: true, data: { ok: false, error: { kind: "auth_failed", details: expect.stringContaining("credentials refused") } } });
    expect(JSON.stringify(wrong)).not.toContain("Invalid username or password");
    expect(down).toMatchObject({ ok: true, data: { ok: false, error: { kind: "unreachable" } } });
  });

  it("asks for a password when the field is blank and nothing is stored", async () => {
    await signInAs(await createTestAdmin());
    const noPassword = await createSpoolTestGateway();

    for (const input of [{ ...typed(), smartermailPassword: "" }, { ...typed(), smartermailPassword: "", gatewayId: noPassword }]) {
      const result = await testSmarterMailConnectionAction(input);
      expect(result).toMatchObject({ ok: false, code: "validation_failed", fieldErrors: { smartermailPassword: ["Enter the SmarterMail password."] } });
    }
    expect(fake.authenticateCalls).toBe(0);
  });

  it("validates the URL and username with the shared schema", async () => {
    await signInAs(await createTestAdmin());

    const result = await testSmarterMailConnectionAction({ ...typed(), smartermailUrl: "ftp://x", smartermailUsername: " " });

    expect(result).toMatchObject({ ok: false, code: "validation_failed", fieldErrors: { smartermailUrl: [expect.any(String)], smartermailUsername: [expect.any(String)] } });
  });
});
