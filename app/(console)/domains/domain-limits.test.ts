import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { createDomainAction, updateDomainAction } from "./actions";

const limitsOf = (name: string) => getDb().domain.findUniqueOrThrow({ where: { name }, select: { perHourLimit: true, perDayLimit: true, limitAction: true } });

describe("domain sending limits (issue 15)", () => {
  beforeEach(async () => {
    await resetDatabase();
    signOutEveryone();
    await signInAs(await createTestAdmin());
  });

  it("saves per hour / per day and the action as the form sends them; blank is no limit", async () => {
    const created = await createDomainAction({ name: "capped.example", gatewayId: "", perHourLimit: "500", perDayLimit: "", limitAction: "REJECT" });
    expect(created).toMatchObject({ ok: true });
    expect(await limitsOf("capped.example")).toEqual({ perHourLimit: 500, perDayLimit: null, limitAction: "REJECT" });

    const id = (await getDb().domain.findUniqueOrThrow({ where: { name: "capped.example" } })).id;
    expect(await updateDomainAction({ id, name: "capped.example", gatewayId: "", perHourLimit: "", perDayLimit: 2000, limitAction: "DELAY" })).toMatchObject({ ok: true });
    expect(await limitsOf("capped.example")).toEqual({ perHourLimit: null, perDayLimit: 2000, limitAction: "DELAY" });
  });

  it("refuses a limit below 1, a fraction or an unknown action with field errors", async () => {
    const result = await createDomainAction({ name: "bad.example", gatewayId: "", perHourLimit: "0", perDayLimit: "2.5", limitAction: "BOUNCE" as "DELAY" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { perHourLimit: [expect.any(String)], perDayLimit: [expect.any(String)], limitAction: ["Choose Delay or Reject."] } });
    expect(await getDb().domain.count()).toBe(0);
  });
});
