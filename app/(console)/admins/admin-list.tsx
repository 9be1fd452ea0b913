"use client";

import { useTransition } from "react";
import { formatTime } from "@/components/messages/format";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { showActionResult } from "@/components/ui/toast-result";
import type { deleteAdminAction } from "./actions";

type AdminRow = { id: string; email: string; createdAt: string };

type Props = { admins: AdminRow[]; myId: string; deleteAction: typeof deleteAdminAction };

export function AdminList({ admins, myId, deleteAction }: Props) {
  const [pending, startTransition] = useTransition();
  const { confirm, confirmDialog } = useConfirm();

  async function remove(admin: AdminRow) {
    const confirmed = await confirm({
      title: "Remove admin",
      description: `Remove ${admin.email}? Their sessions end at once and they can no longer sign in.`,
      confirmLabel: "Remove",
    });
    if (!confirmed) return;
    startTransition(async () => {
      showActionResult(await deleteAction({ id: admin.id }), `Removed ${admin.email}.`);
    });
  }

  return (
    <>
      {confirmDialog}
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
              <td>{formatTime(new Date(admin.createdAt))}</td>
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
