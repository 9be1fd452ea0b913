"use client";

import { useState } from "react";

type SecretOnceNoticeProps = {
  /** The section's data-testid; its heading gets the id `${testId}-title`. */
  testId: string;
  /** The heading, e.g. `API key "Billing" created`. */
  title: React.ReactNode;
  /** What to do now, ending with "you won't see it again". */
  intro: React.ReactNode;
  /** The secret itself (an API key, a password), shown in full this once. */
  secret: string;
  secretTestId: string;
  /** The accessible name of the secret, e.g. "New API key". */
  secretLabel: string;
  /** The word in the copy-failed hint: "key", "password". */
  secretNoun: string;
  onDone: () => void;
};

/**
 * Shows a new secret once, with a copy button; after Done it is gone for good (only its hash is stored). The copy
 * outcome is announced (aria-live) because the clipboard can refuse (no permission, not a secure context).
 */
export function SecretOnceNotice({ testId, title, intro, secret, secretTestId, secretLabel, secretNoun, onDone }: SecretOnceNoticeProps) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <section className="panel" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <h2 id={`${testId}-title`}>{title}</h2>
      <p>{intro}</p>
      <div className="toolbar">
        <code data-testid={secretTestId} aria-label={secretLabel}>
          {secret}
        </code>
        <button type="button" className="btn btn-small" onClick={copy}>
          Copy
        </button>
        <span className="hint" aria-live="polite">
          {copied === "yes" ? "Copied." : copied === "failed" ? `Copy failed; select the ${secretNoun} and copy it by hand.` : ""}
        </span>
      </div>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
