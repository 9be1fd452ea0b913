import { describe, expect, it } from "vitest";
import { deliverySettingsInputSchema, formatDuration, parseDuration, toDeliverySettingsInput } from "./delivery-settings";

describe("durations", () => {
  it.each([
    ["90", 90],
    ["90s", 90],
    ["5m", 300],
    ["2H", 7200],
    [" 5d ", 432_000],
    ["5 m", 300],
    ["5min", null],
    ["-5m", null],
    ["1.5h", null],
    ["", null],
  ])("parses %j as %j", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    [90, "90s"],
    [300, "5m"],
    [3600, "1h"],
    [5400, "90m"],
    [432_000, "5d"],
  ])("formats %j as %j", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it("round-trips the stored defaults through the form", () => {
    const input = toDeliverySettingsInput({
      retryDelaysSeconds: [300, 600, 1200, 2400, 3600],
      maxLifetimeSeconds: 432_000,
      bouncesEnabled: true,
      defaultFailoverToRoundRobin: false,
      balancing: "ROUND_ROBIN",
    });
    expect(input.retryDelays).toBe("5m, 10m, 20m, 40m, 1h");
    expect(deliverySettingsInputSchema.parse(input)).toEqual({
      retryDelays: [300, 600, 1200, 2400, 3600],
      maxLifetime: 432_000,
      bouncesEnabled: true,
      defaultFailoverToRoundRobin: false,
      balancing: "ROUND_ROBIN",
    });
  });
});
