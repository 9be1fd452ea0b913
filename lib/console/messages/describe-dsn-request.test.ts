import { describe, expect, it } from "vitest";
import { describeDsnRequest } from "./describe-dsn-request";

const recipient = (address: string, dsnNotify: string | null = null, dsnOrcpt: string | null = null) => ({ address, dsnNotify, dsnOrcpt });

describe("describeDsnRequest", () => {
  it("says nothing when nothing was asked", () => {
    expect(describeDsnRequest({ dsnRet: null, dsnEnvid: null, recipients: [recipient("a@x.test")] })).toBeNull();
  });

  it("puts one request for every recipient in plain words", () => {
    expect(describeDsnRequest({ dsnRet: "HDRS", dsnEnvid: null, recipients: [recipient("a@x.test", "FAILURE,DELAY"), recipient("b@x.test", "FAILURE,DELAY")] })).toBe(
      "Sender asked: notify on failure and delay; return headers",
    );
  });

  it("names recipients that asked differently, the envelope id and the original recipient", () => {
    expect(
      describeDsnRequest({
        dsnRet: "FULL",
        dsnEnvid: "Q-1",
        recipients: [recipient("a@x.test", "SUCCESS,FAILURE,DELAY", "rfc822;A@x.test"), recipient("b@x.test", "NEVER"), recipient("c@x.test")],
      }),
    ).toBe(
      "Sender asked: a@x.test: notify on success, failure and delay; b@x.test: never notify; c@x.test: notify on failure (the default); return the full message; envelope id Q-1; a@x.test was originally A@x.test",
    );
  });
});
