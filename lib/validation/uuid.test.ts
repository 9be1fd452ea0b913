import { describe, expect, it } from "vitest";
import { isUuid, uuidField } from "./uuid";

const ID = "3f1c2b9e-7d4a-4c1e-9b2a-5e6f7a8b9c0d";

describe("isUuid", () => {
  it.each([ID, ID.toUpperCase(), "00000000-0000-0000-0000-000000000000"])("takes %j", (value) => {
    expect(isUuid(value)).toBe(true);
  });

  it.each(["", ID.replaceAll("-", ""), `{${ID}}`, ` ${ID}`, `${ID}\n`, ID.slice(0, -1), ID.replace("3", "g"), `${ID}0`])("refuses %j", (value) => {
    expect(isUuid(value)).toBe(false);
  });
});

describe("uuidField", () => {
  const field = uuidField("Choose a gateway.", "Choose a gateway from the list.");

  it("trims and lowercases the id", () => {
    expect(field.parse(`  ${ID.toUpperCase()} `)).toBe(ID);
  });

  it.each([
    [undefined, "Choose a gateway."],
    [42, "Choose a gateway."],
    ["not-an-id", "Choose a gateway from the list."],
  ])("refuses %j with %j", (value, message) => {
    expect(field.safeParse(value).error?.issues.map((issue) => issue.message)).toEqual([message]);
  });
});
