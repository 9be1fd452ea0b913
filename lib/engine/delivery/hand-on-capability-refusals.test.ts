import { describe, expect, it } from "vitest";
import { handOnCapabilityRefusals } from "./hand-on-capability-refusals";
import type { GatewaySendResult, RecipientResult } from "./types";

const refusal = "message: the gateway does not offer SMTPUTF8";
const delivered: RecipientResult = { recipient: "a@example.net", status: "delivered", code: 250, response: "250 2.0.0 Ok", failover: false };
const refused: RecipientResult = { recipient: "ü@example.net", status: "failed", response: refusal, failover: false, cannotTake: true };
const partly: GatewaySendResult = { recipients: [delivered, refused], failure: null };

describe("handOnCapabilityRefusals", () => {
  it("lets a result without refused recipients stand", () => {
    const result: GatewaySendResult = { recipients: [delivered], failure: null };
    expect(handOnCapabilityRefusals(result, { laterGateway: true, unasked: true })).toEqual({ handOn: false, result });
  });

  it("hands only the refused recipients on while a later gateway is left", () => {
    expect(handOnCapabilityRefusals(partly, { laterGateway: true, unasked: false })).toEqual({
      handOn: true,
      carried: ["ü@example.net"],
      taken: [delivered],
      refusal,
    });
  });

  it("defers them at the last gateway when a gateway of the route was not asked", () => {
    const whole: GatewaySendResult = { recipients: [refused], failure: { kind: "permanent", reason: refusal, cannotTake: true } };
    expect(handOnCapabilityRefusals(whole, { laterGateway: false, unasked: true })).toEqual({
      handOn: false,
      result: { recipients: [{ ...refused, status: "deferred", failover: false }], failure: null },
    });
  });

  it("lets the refusal stand at the last gateway when every gateway was asked", () => {
    expect(handOnCapabilityRefusals(partly, { laterGateway: false, unasked: false })).toEqual({ handOn: false, result: partly });
  });
});
