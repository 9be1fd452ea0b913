"use client";

import { useState } from "react";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

/** Shows a new key once, with a copy button; after Done it is gone for good (only its hash is stored). */
export function CreatedKeyNotice({ name, apiKey, onDone }: { name: string; apiKey: string; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(apiKey);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <section className="panel" data-testid="created-api-key" aria-labelledby="created-api-key-title">
      <h2 id="created-api-key-title">API key &quot;{revealBidiControls(name)}&quot; created</h2>
      <p>Copy the key now: you won&apos;t see it again.</p>
      <div className="toolbar">
        <code data-testid="created-api-key-value" aria-label="New API key">
          {apiKey}
        </code>
        <button type="button" className="btn btn-small" onClick={copy}>
          Copy
        </button>
        <span className="hint" aria-live="polite">
          {copied === "yes" ? "Copied." : copied === "failed" ? "Copy failed; select the key and copy it by hand." : ""}
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
