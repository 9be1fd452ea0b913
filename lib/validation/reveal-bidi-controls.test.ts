import { describe, expect, it } from "vitest";
import { revealBidiControls } from "./reveal-bidi-controls";

describe("revealBidiControls", () => {
  it.each([
    ["an override that makes .exe read as .pdf", "invoice\u202Efdp.exe", "invoice⟨U+202E⟩fdp.exe"],
    ["every embedding and override", "\u202A\u202B\u202C\u202D\u202E", "⟨U+202A⟩⟨U+202B⟩⟨U+202C⟩⟨U+202D⟩⟨U+202E⟩"],
    ["every isolate", "a\u2066b\u2067c\u2068d\u2069", "a⟨U+2066⟩b⟨U+2067⟩c⟨U+2068⟩d⟨U+2069⟩"],
    ["the marks", "\u200E\u200F\u061C", "⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩"],
  ])("shows %s", (_name, text, shown) => {
    expect(revealBidiControls(text)).toBe(shown);
  });

  it("keeps all other text, right-to-left scripts included", () => {
    const text = "Café – שלום عربي 😀 <a@b.example> \u200B";
    expect(revealBidiControls(text)).toBe(text);
  });
});
