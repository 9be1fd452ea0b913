"use client";

import { SecretOnceNotice } from "@/components/console/secret-once-notice";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

/** Shows a new key once, with a copy button; after Done it is gone for good (only its hash is stored). */
export function CreatedKeyNotice({ name, apiKey, onDone }: { name: string; apiKey: string; onDone: () => void }) {
  return (
    <SecretOnceNotice
      testId="created-api-key"
      title={<>API key &quot;{revealBidiControls(name)}&quot; created</>}
      intro={<>Copy the key now: you won&apos;t see it again.</>}
      secret={apiKey}
      secretTestId="created-api-key-value"
      secretLabel="New API key"
      secretNoun="key"
      onDone={onDone}
    />
  );
}
