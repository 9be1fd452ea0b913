"use client";

import { formatDateOrNever as formatDate, RevokeCell } from "@/components/console/revoke-cell";
import { useConfirmedAction } from "@/components/ui/use-confirmed-action";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";
import type { revokeApiKeyAction } from "./actions";
import type { ApiKeyRow } from "./types";

const ALL_DOMAINS_LABEL = "All hosted domains";
/** A key limited to domains that were all deleted: it keeps its limit and sends for nothing. */
const NO_DOMAINS_LABEL = "None: its domains were deleted, so it cannot send";

function scopeLabel(key: ApiKeyRow): string {
  if (key.allDomains) return ALL_DOMAINS_LABEL;
  return key.domains.length > 0 ? key.domains.join(", ") : NO_DOMAINS_LABEL;
}

export function ApiKeysGrid({ keys, revokeAction }: { keys: ApiKeyRow[]; revokeAction: typeof revokeApiKeyAction }) {
  const { run, pending, confirmDialog } = useConfirmedAction();

  function revoke(key: ApiKeyRow) {
    const name = revealBidiControls(key.name);
    const question = { title: "Revoke API key", description: `Revoke the API key "${name}"? Applications using it stop sending at once.`, confirmLabel: "Revoke" };
    void run(question, () => revokeAction({ id: key.id }), `Revoked the API key "${name}".`);
  }

  if (keys.length === 0) {
    return (
      <div className="empty" data-testid="api-keys-empty">
        No API keys yet. Create one with New.
      </div>
    );
  }

  return (
    <>
      {confirmDialog}
      <table className="grid" data-testid="api-keys-grid">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Domains</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col" className="actions">
              Actions
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} data-testid="api-key-row" data-name={key.name}>
              <td>{revealBidiControls(key.name)}</td>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>{scopeLabel(key)}</td>
              <td suppressHydrationWarning>{formatDate(key.createdAt)}</td>
              <td suppressHydrationWarning>{formatDate(key.lastUsedAt)}</td>
              <RevokeCell name={key.name} revokedAt={key.revokedAt} pending={pending} onRevoke={() => revoke(key)} />
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
