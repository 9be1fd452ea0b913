"use client";

import { useTransition } from "react";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { showActionResult } from "@/components/ui/toast-result";
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

function formatDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "Never";
}

export function ApiKeysGrid({ keys, revokeAction }: { keys: ApiKeyRow[]; revokeAction: typeof revokeApiKeyAction }) {
  const [pending, startTransition] = useTransition();
  const { confirm, confirmDialog } = useConfirm();

  async function revoke(key: ApiKeyRow) {
    const name = revealBidiControls(key.name);
    const confirmed = await confirm({
      title: "Revoke API key",
      description: `Revoke the API key "${name}"? Applications using it stop sending at once.`,
      confirmLabel: "Revoke",
    });
    if (!confirmed) return;
    startTransition(async () => {
      showActionResult(await revokeAction({ id: key.id }), `Revoked the API key "${name}".`);
    });
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
              <td className="actions">
                {key.revokedAt ? (
                  <span className="badge badge-off" title={`Revoked ${formatDate(key.revokedAt)}`}>
                    Revoked
                  </span>
                ) : (
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    disabled={pending}
                    aria-label={`Revoke ${key.name}`}
                    onClick={() => revoke(key)}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
