"use client";

/** A credential grid's date: the admin's locale, or "Never" for a key or credential not used yet (ISO string in). */
export function formatDateOrNever(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "Never";
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
