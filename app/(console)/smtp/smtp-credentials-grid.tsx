"use client";

import { formatDateOrNever as formatDate, RevokeCell } from "@/components/console/revoke-cell";
import { useConfirmedAction } from "@/components/ui/use-confirmed-action";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";
import type { revokeSmtpCredentialAction } from "./actions";
import type { SmtpCredentialRow } from "./types";

function scopeLabel(credential: SmtpCredentialRow): string {
  if (credential.allDomains) return "All hosted domains";
  return credential.domains.length > 0 ? credential.domains.join(", ") : "None: its domains were deleted, so it cannot send";
}

function networksLabel(credential: SmtpCredentialRow): string {
  const networks = credential.allowedNetworks.length > 0 ? credential.allowedNetworks.join(", ") : "Any address";
  return credential.ipRelay ? `${networks} (relay without AUTH)` : networks;
}

export function SmtpCredentialsGrid({ credentials, revokeAction }: { credentials: SmtpCredentialRow[]; revokeAction: typeof revokeSmtpCredentialAction }) {
  const { run, pending, confirmDialog } = useConfirmedAction();

  function revoke(credential: SmtpCredentialRow) {
    const name = revealBidiControls(credential.name);
    const relayNote = credential.ipRelay ? " and its networks no longer relay without AUTH" : "";
    const question = { title: "Revoke SMTP credential", description: `Revoke the SMTP credential "${name}" (${credential.username})? Its next AUTH is refused${relayNote}.`, confirmLabel: "Revoke" };
    void run(question, () => revokeAction({ id: credential.id }), `Revoked the SMTP credential "${name}".`);
  }

  if (credentials.length === 0) {
    return (
      <div className="empty" data-testid="smtp-credentials-empty">
        No SMTP credentials yet. Create one with New credential.
      </div>
    );
  }

  return (
    <>
      {confirmDialog}
      <table className="grid" data-testid="smtp-credentials-grid">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Username</th>
            <th scope="col">Domains</th>
            <th scope="col">Client networks</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col" className="actions">
              Actions
            </th>
          </tr>
        </thead>
        <tbody>
          {credentials.map((credential) => (
            <tr key={credential.id} data-testid="smtp-credential-row" data-name={credential.name}>
              <td>{revealBidiControls(credential.name)}</td>
              <td>
                <code>{credential.username}</code>
              </td>
              <td>{scopeLabel(credential)}</td>
              <td>{networksLabel(credential)}</td>
              <td>{formatDate(credential.createdAt)}</td>
              <td>{formatDate(credential.lastUsedAt)}</td>
              <RevokeCell name={credential.name} revokedAt={credential.revokedAt} pending={pending} onRevoke={() => revoke(credential)} />
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
