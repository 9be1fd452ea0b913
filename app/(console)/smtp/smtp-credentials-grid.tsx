"use client";

import { formatDateOrNever as formatDate, RevokeCell } from "@/components/console/revoke-cell";
import { useConfirmedAction } from "@/components/ui/use-confirmed-action";
import { checkRelayNetworks } from "@/lib/validation/relay-networks";
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

/**
 * A row stored before IP-only relay had a bound may hold a network the listener no longer relays for
 * (find-ip-relay-client.ts): say which, so the admin sees the relay is narrower than the row reads.
 */
function RelayNetworksWarning({ credential }: { credential: SmtpCredentialRow }) {
  if (!credential.ipRelay || credential.revokedAt) return null;
  const { honoured, refused } = checkRelayNetworks(credential.allowedNetworks);
  if (refused.length === 0) return null;
  const relays = honoured.length > 0 ? `relays without AUTH only for ${honoured.join(", ")}` : "relays without AUTH for no one";
  return (
    <div className="badge badge-warn" data-testid="smtp-relay-networks-warning" title={refused[0].reason}>
      Too wide for IP-only relay: {refused.map(({ network }) => network).join(", ")}; it {relays}. Revoke it and create a narrower one.
    </div>
  );
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
              <td>
                {networksLabel(credential)}
                <RelayNetworksWarning credential={credential} />
              </td>
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
