import { describe, expect, it } from "vitest";
import { OVERVIEW_REFRESH_MS } from "@/components/overview/use-overview";
import { SPOOL_COUNT_MAX_AGE_MS } from "@/lib/engine/smartermail/spool-count-cache";
import { SPOOL_COUNTS_REFRESH_MS } from "./use-spool-counts";

describe("useSpoolCounts' cadence", () => {
  it("refreshes the grid's Spool Count as often as the overview, so the two never disagree for longer", () => {
    expect(SPOOL_COUNTS_REFRESH_MS).toBeLessThanOrEqual(OVERVIEW_REFRESH_MS);
  });

  it("leaves SmarterMail readings to their server-side cache: polling faster than the cache age asks no remote server more", () => {
    expect(SPOOL_COUNTS_REFRESH_MS).toBeLessThan(SPOOL_COUNT_MAX_AGE_MS);
  });
});
