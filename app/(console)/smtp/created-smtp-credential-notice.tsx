"use client";

import { useState } from "react";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

export type CreatedSmtpCredentialView = { name: string; username: string; password: string };

/** Shows a new credential's password once, with a copy button; after Done it is gone for good (only its hash is stored). */
export function CreatedSmtpCredentialNotice({ created, onDone }: { created: CreatedSmtpCredentialView; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.password);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <section className="panel" data-testid="created-smtp-credential" aria-labelledby="created-smtp-credential-title">
      <h2 id="created-smtp-credential-title">SMTP credential &quot;{revealBidiControls(created.name)}&quot; created</h2>
      <p>
        Username <code data-testid="created-smtp-username">{created.username}</code>. Copy the password now: you won&apos;t see it again.
      </p>
      <div className="toolbar">
        <code data-testid="created-smtp-password" aria-label="New SMTP password">
          {created.password}
        </code>
        <button type="button" className="btn btn-small" onClick={copy}>
          Copy
        </button>
        <span className="hint" aria-live="polite">
          {copied === "yes" ? "Copied." : copied === "failed" ? "Copy failed; select the password and copy it by hand." : ""}
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
