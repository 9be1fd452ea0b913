import { diffAuditValues } from "@/lib/console/audit/diff-audit-values";
import type { AuditListItem } from "@/lib/console/audit/list-audit-entries";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

/**
 * The entries, newest first: when (UTC), who, what, which object, and what changed — a before/after table per entry,
 * open for updates, folded for creates and deletes (every field). Values are what record-audit stored: no secret
 * ever reaches this page, only the names of the secrets that changed.
 */
export function AuditTable({ items }: { items: AuditListItem[] }) {
  if (items.length === 0) {
    return (
      <div className="empty" data-testid="audit-empty">
        No audit entries match.
      </div>
    );
  }
  return (
    <table className="grid audit-grid" data-testid="audit-table">
      <thead>
        <tr>
          <th scope="col">When (UTC)</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Changes</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <AuditRow key={item.id} item={item} />
        ))}
      </tbody>
    </table>
  );
}

/** Inline so the page needs no stylesheet of its own: small type, long values wrap instead of widening the page. */
const DIFF_TABLE_STYLE: React.CSSProperties = { fontSize: "0.85rem", borderCollapse: "collapse", overflowWrap: "anywhere", maxWidth: "40rem" };

function AuditRow({ item }: { item: AuditListItem }) {
  const diff = diffAuditValues(item.before, item.after);
  const detail = item.detail && typeof item.detail === "object" && !Array.isArray(item.detail) ? Object.entries(item.detail) : [];
  const isUpdate = item.before !== null && item.after !== null;
  return (
    <tr data-testid="audit-row" data-action={item.action}>
      <td style={{ whiteSpace: "nowrap" }}>
        <time dateTime={item.at.toISOString()}>{item.at.toISOString().slice(0, 19).replace("T", " ")}</time>
      </td>
      <td>
        {revealBidiControls(item.actorLabel)}
        {/* The space keeps name and kind two words, also in copied text and for screen readers. */}
        {item.actorKind !== "admin" && (
          <>
            {" "}
            <span className="badge" title="Who acted, when not an admin: system (Outgate itself) or api-key">
              {item.actorKind}
            </span>
          </>
        )}
      </td>
      <td>
        <code>{item.action}</code>
      </td>
      <td>
        <span className="badge">{item.targetType}</span> {item.targetLabel ? revealBidiControls(item.targetLabel) : item.targetId}
      </td>
      <td>
        {diff.length > 0 && (
          <details open={isUpdate} className="audit-diff">
            <summary>
              {diff.length} field{diff.length === 1 ? "" : "s"}
            </summary>
            <table className="audit-diff-table" data-testid="audit-diff" style={DIFF_TABLE_STYLE}>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {diff.map((row) => (
                  <tr key={row.key} data-field={row.key}>
                    <th scope="row">{row.key}</th>
                    <td className="audit-before">{revealBidiControls(row.before)}</td>
                    <td className="audit-after">{revealBidiControls(row.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        )}
        {detail.length > 0 && (
          <ul className="audit-detail" data-testid="audit-detail">
            {detail.map(([key, value]) => (
              <li key={key}>
                {key}: {revealBidiControls(typeof value === "string" ? value : JSON.stringify(value))}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
