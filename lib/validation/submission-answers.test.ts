import { describe, expect, it } from "vitest";
import { AttemptOutcome } from "../generated/prisma/enums";
import { ATTEMPT_OUTCOMES } from "./submission-answers";

describe("message status answer", () => {
  it("lists every delivery-log outcome the database has, unknown included", () => {
    expect([...ATTEMPT_OUTCOMES]).toEqual(Object.values(AttemptOutcome).map((outcome) => outcome.toLowerCase()));
  });
});
