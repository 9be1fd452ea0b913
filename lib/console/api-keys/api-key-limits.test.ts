import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { apiKeyInputSchema } from "@/lib/validation/api-key";
import { createApiKey } from "./create-api-key";

describe("API key sending limits (issue 15)", () => {
  beforeEach(resetDatabase);

  it("stores the form's per hour / per day limits, blank as no limit", async () => {
    const values = apiKeyInputSchema.parse({ name: "billing", domainIds: [], perHourLimit: "100", perDayLimit: "" });
    const { id } = await createApiKey(values);
    expect(await getDb().apiKey.findUniqueOrThrow({ where: { id }, select: { perHourLimit: true, perDayLimit: true } })).toEqual({ perHourLimit: 100, perDayLimit: null });
  });

  it("refuses a limit that is not a whole number from 1", () => {
    const result = apiKeyInputSchema.safeParse({ name: "billing", domainIds: [], perHourLimit: "0", perDayLimit: "x" });
    expect(result.success ? [] : result.error.issues.map((issue) => issue.path.join("."))).toEqual(["perHourLimit", "perDayLimit"]);
  });
});
