"use client";

import Link from "next/link";
import { ROUND_ROBIN_LABEL } from "@/components/domains/labels";
import { useDeleteDomain } from "@/components/domains/use-delete-domain";
import type { deleteDomainAction } from "./actions";

export type DomainRow = {
  id: string;
  name: string;
  /** "bücher.example (xn--bcher-kva.example)" for IDNs, computed on the server. */
  displayName: string;
  /** null = round robin. */
  gateway: { label: string; enabled: boolean; failoverToRoundRobin: boolean } | null;
};

export function DomainsGrid({ domains, deleteAction }: { domains: DomainRow[]; deleteAction: typeof deleteDomainAction }) {
  const { remove, pending, confirmDialog } = useDeleteDomain(deleteAction);

  if (domains.length === 0) {
    return (
      <div className="empty" data-testid="domains-empty">
        No domains yet. Add the domains this server sends for with <Link href="/domains/new">New</Link>.
      </div>
    );
  }

  return (
    <>
      {confirmDialog}
      <table className="grid" data-testid="domains-grid">
        <thead>
          <tr>
            <th scope="col">Domain Name</th>
            <th scope="col">Outbound Gateway</th>
            <th scope="col" className="actions">
              Actions
            </th>
          </tr>
        </thead>
        <tbody>
          {domains.map((domain) => (
            <tr key={domain.id} data-testid="domain-row" data-domain={domain.name}>
              <td>{domain.displayName}</td>
              <td>
                {domain.gateway ? domain.gateway.label : ROUND_ROBIN_LABEL}
                {domain.gateway && !domain.gateway.enabled && (
                  <>
                    {" "}
                    <span className="badge badge-off">disabled</span>
                  </>
                )}
                {domain.gateway?.failoverToRoundRobin && (
                  <>
                    {" "}
                    <span className="badge" title="When this gateway fails, the mail goes through the Round Robin gateways">
                      falls over to round robin
                    </span>
                  </>
                )}
              </td>
              <td className="actions">
                <Link className="btn btn-small" href={`/domains/${domain.id}`} aria-label={`Edit ${domain.displayName}`}>
                  Edit
                </Link>{" "}
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  disabled={pending}
                  aria-label={`Delete ${domain.displayName}`}
                  onClick={() => remove(domain)}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
