"use client";

import { useState, useTransition } from "react";
import { FormMessage } from "@/components/ui/form-message";
import type { deleteAdminAction } from "./actions";

type AdminRow = { id: string; email: string; createdAt: string };

type Props = { admins: AdminRow[]; myId: string; deleteAction: typeof deleteAdminAction };

export function AdminList({ admins, myId, deleteAction }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function remove(admin: AdminRow) {
    if (!window.confirm(`Remove admin ${admin.email}?`)) return;
    startTransition(async () => {
      const result = await deleteAction({ id: admin.id });
      setError(result.ok ? null : result.message);
    });
  }

  return (
    <>
      <FormMessage kind="error" message={error} />
      <table className="grid">
        <thead>
          <tr>
            <th>Email</th>
            <th>Created</th>
            <th className="actions">Actions</th>
          </tr>
        </thead>
        <tbody>
          {admins.map((admin) => (
            <tr key={admin.id}>
              <td>{admin.email}{admin.id === myId ? " (you)" : ""}</td>
              <td>{new Date(admin.createdAt).toLocaleString()}</td>
              <td className="actions">
                {admin.id !== myId && (
                  <button type="button" className="btn btn-small btn-danger" disabled={pending} onClick={() => remove(admin)}>
                    Remove
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
