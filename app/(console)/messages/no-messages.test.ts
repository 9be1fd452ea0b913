import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NoMessages } from "./no-messages";

describe("NoMessages", () => {
  it("says a filter matched nothing, with the way back, and never that the queue is empty", () => {
    const html = renderToStaticMarkup(createElement(NoMessages, { filtered: true }));
    expect(html).toContain("No messages match these filters.");
    expect(html).toMatch(/<a [^>]*href="\/messages"[^>]*>Clear filters<\/a>/);
    expect(html).not.toContain("No messages yet");
  });

  it("says no mail has come in yet only without a filter", () => {
    const html = renderToStaticMarkup(createElement(NoMessages, { filtered: false }));
    expect(html).toContain("No messages yet.");
    expect(html).not.toContain("match");
    expect(html).not.toContain("Clear filters");
  });
});
