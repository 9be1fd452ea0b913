import { describe, expect, it } from "vitest";
import { decodeSource, describeSourceCut } from "./decode-source";

describe("decodeSource", () => {
  it("reads UTF-8, shows other bytes as U+FFFD and makes bidi controls visible", () => {
    expect(decodeSource(Buffer.from("Subject: Grüße\r\n\r\n<b>hi</b>\r\n"))).toBe("Subject: Grüße\r\n\r\n<b>hi</b>\r\n");
    expect(decodeSource(Buffer.from([0x41, 0xe9, 0x42]))).toBe("A\uFFFDB");
    expect(decodeSource(Buffer.from("invoice\u202Efdp.exe"))).toBe("invoice⟨U+202E⟩fdp.exe");
  });

  it("says how much of a large message is shown", () => {
    expect(describeSourceCut(256 * 1024, 3_250_000)).toBe("Showing the first 256 KiB of 3.1 MiB (3,250,000 bytes). Download the .eml for the whole message.");
  });
});
