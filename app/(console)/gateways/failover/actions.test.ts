import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { getDeliverySettings } from "@/lib/engine/queue/get-delivery-settings";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { updateDeliverySettingsAction } from "./actions";

const VALID = { retryDelays: "90, 5m,10m 1h", maxLifetime: "2d", bouncesEnabled: false, defaultFailoverToRoundRobin: true, balancing: "LEAST_SPOOL" as const };

describe("updateDeliverySettingsAction", () => {
  beforeEach(async () => {
    await resetDatabase();
    signOutEveryone();
  });

  it("refuses an anonymous caller and changes nothing", async () => {
    expect(await updateDeliverySettingsAction(VALID)).toMatchObject({ ok: false, code: "unauthorized" });
    expect(await getDeliverySettings()).toMatchObject({ retryDelaysSeconds: [300, 600, 1200, 2400, 3600], bouncesEnabled: true });
  });

  it("stores valid settings in seconds and answers them normalised", async () => {
    await signInAs(await createTestAdmin());
    const result = await updateDeliverySettingsAction(VALID);
    expect(result).toEqual({
      ok: true,
      data: { retryDelays: "90s, 5m, 10m, 1h", maxLifetime: "2d", bouncesEnabled: false, defaultFailoverToRoundRobin: true, balancing: "LEAST_SPOOL" },
    });
    expect(await getDeliverySettings()).toEqual({
      retryDelaysSeconds: [90, 300, 600, 3600],
      maxLifetimeSeconds: 172_800,
      bouncesEnabled: false,
      defaultFailoverToRoundRobin: true,
      balancing: "LEAST_SPOOL",
    });
  });

  it("recreates the settings row if it is missing", async () => {
    await getDb().deliverySettings.deleteMany();
    await signInAs(await createTestAdmin());
    expect(await updateDeliverySettingsAction(VALID)).toMatchObject({ ok: true });
    expect(await getDb().deliverySettings.count()).toBe(1);
  });

  it("returns field errors for invalid input", async () => {
    await signInAs(await createTestAdmin());
    const cases = [
      { retryDelays: "", maxLifetime: "5d" },
      { retryDelays: "5 minutes", maxLifetime: "5d" },
      { retryDelays: "1s", maxLifetime: "5d" },
      { retryDelays: "5m", maxLifetime: "10m" },
      { retryDelays: "5m", maxLifetime: "31d" },
      { balancing: "FASTEST" as "LEAST_SPOOL" },
    ];
    const fields = [];
    for (const input of cases) {
      const result = await updateDeliverySettingsAction({ ...VALID, ...input });
      expect(result).toMatchObject({ ok: false, code: "validation_failed" });
      if (!result.ok) fields.push(Object.keys(result.fieldErrors ?? {}));
    }
    expect(fields).toEqual([["retryDelays"], ["retryDelays"], ["retryDelays"], ["maxLifetime"], ["maxLifetime"], ["balancing"]]);
    expect(await getDeliverySettings()).toMatchObject({ retryDelaysSeconds: [300, 600, 1200, 2400, 3600] });
  });
});
