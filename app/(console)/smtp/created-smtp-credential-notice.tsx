"use client";

import { SecretOnceNotice } from "@/components/console/secret-once-notice";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

export type CreatedSmtpCredentialView = { name: string; username: string; password: string };

/** Shows a new credential's password once, with a copy button; after Done it is gone for good (only its hash is stored). */
export function CreatedSmtpCredentialNotice({ created, onDone }: { created: CreatedSmtpCredentialView; onDone: () => void }) {
  return (
    <SecretOnceNotice
      testId="created-smtp-credential"
      title={<>SMTP credential &quot;{revealBidiControls(created.name)}&quot; created</>}
      intro={
        <>
          Username <code data-testid="created-smtp-username">{created.username}</code>. Copy the password now: you won&apos;t see it again.
        </>
      }
      secret={created.password}
      secretTestId="created-smtp-password"
      secretLabel="New SMTP password"
      secretNoun="password"
      onDone={onDone}
    />
  );
}
