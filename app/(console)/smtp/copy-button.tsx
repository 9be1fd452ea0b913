"use client";

import { useState } from "react";

type CopyButtonProps = {
  /** The text put on the clipboard. */
  text: string;
  /** The button's accessible name, e.g. "Copy the settings for port 2587". */
  label: string;
};

/**
 * Copies `text` and says so next to the button (aria-live): the clipboard can refuse (no permission, not a secure
 * context), and then the admin selects the text by hand.
 */
export function CopyButton({ text, label }: CopyButtonProps) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }
  return (
    <>
      <button type="button" className="btn btn-small" onClick={copy} aria-label={label}>
        Copy
      </button>
      <span className="hint" aria-live="polite">
        {copied === "yes" ? "Copied." : copied === "failed" ? "Copy failed; select the text and copy it by hand." : ""}
      </span>
    </>
  );
}
