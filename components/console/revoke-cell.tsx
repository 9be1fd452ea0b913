"use client";

import { formatTime } from "@/components/messages/format";

/**
 * A credential grid's date in UTC like every other console page (formatTime), the same in the server HTML and after
 * hydration, or "Never" for a key or credential not used yet (ISO string in).
 */
export function formatDateOrNever(iso: string | null): string {
  return iso ? formatTime(new Date(iso)) : "Never";
}

/**
 * The Actions cell of a revocable row (API key, SMTP credential): a "Revoked" badge with its date once revoked,
 * else a Revoke button named "Revoke <name>" for screen readers. `onRevoke` asks first (useConfirmedAction).
 */
export function RevokeCell({ name, revokedAt, pending, onRevoke }: { name: string; revokedAt: string | null; pending: boolean; onRevoke: () => void }) {
  return (
    <td className="actions">
      {revokedAt ? (
        <span className="badge badge-off" title={`Revoked ${formatDateOrNever(revokedAt)}`}>
          Revoked
        </span>
      ) : (
        <button type="button" className="btn btn-small btn-danger" disabled={pending} aria-label={`Revoke ${name}`} onClick={onRevoke}>
          Revoke
        </button>
      )}
    </td>
  );
}
