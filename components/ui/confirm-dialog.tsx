"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { FormMessage } from "./form-message";

export type ConfirmDialogProps = {
  /** The question, e.g. "Delete domain". Names the dialog for screen readers (aria-labelledby). */
  title: string;
  /** One sentence on what happens; described by aria-describedby. */
  description?: React.ReactNode;
  /** Extra content under the description (a list of affected items, an option). */
  children?: React.ReactNode;
  /** The confirm button's label; say the verb ("Delete", "Revoke"), never "OK". */
  confirmLabel?: string;
  cancelLabel?: string;
  /** "danger" styles the confirm button red; for deletes, revokes and bounces. */
  tone?: "danger" | "default";
  /** While true both buttons are disabled and Escape does not close (the action is running). */
  pending?: boolean;
  /** An error from the action, shown inside the dialog so the admin can retry or cancel. */
  error?: string | null;
  onConfirm: () => void;
  /** Called when the dialog closes without confirming: Cancel, Escape or the action finished and closed it. */
  onCancel: () => void;
};

/**
 * The console's one confirmation dialog: a native modal <dialog> (focus is trapped and restored by the browser,
 * the page behind is inert, Escape cancels). Render it only while it should be open; it opens on mount.
 * Focus starts on Cancel, so a stray Enter never confirms a destructive action.
 */
export function ConfirmDialog({ title, description, children, confirmLabel = "Confirm", cancelLabel = "Cancel", tone = "danger", pending = false, error, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      data-testid="confirm-dialog"
      // Escape fires "cancel"; while the action runs the dialog stays, so its result is not lost.
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {description && (
        <div id={descriptionId} className="confirm-dialog-description">
          {description}
        </div>
      )}
      {children}
      <FormMessage kind="error" message={error} />
      <div className="form-actions">
        <button type="button" className={tone === "danger" ? "btn btn-danger-solid" : "btn btn-primary"} disabled={pending} onClick={onConfirm} data-testid="confirm-dialog-confirm">
          {pending ? "Working…" : confirmLabel}
        </button>
        <button type="button" ref={cancelRef} className="btn" disabled={pending} onClick={onCancel} data-testid="confirm-dialog-cancel">
          {cancelLabel}
        </button>
      </div>
    </dialog>
  );
}

export type ConfirmOptions = Omit<ConfirmDialogProps, "onConfirm" | "onCancel" | "pending" | "error">;

/**
 * The promise-shaped replacement for window.confirm:
 *   const { confirm, confirmDialog } = useConfirm();
 *   if (!(await confirm({ title: "Delete domain", description: "…", confirmLabel: "Delete" }))) return;
 * and render {confirmDialog} once in the component. Resolves true on confirm, false on Cancel or Escape.
 */
export function useConfirm(): { confirm: (options: ConfirmOptions) => Promise<boolean>; confirmDialog: React.ReactNode } {
  const [request, setRequest] = useState<{ options: ConfirmOptions; resolve: (confirmed: boolean) => void } | null>(null);

  const confirm = useCallback((options: ConfirmOptions) => new Promise<boolean>((resolve) => setRequest({ options, resolve })), []);

  const answer = (confirmed: boolean) => {
    request?.resolve(confirmed);
    setRequest(null);
  };

  const confirmDialog = request ? <ConfirmDialog {...request.options} onConfirm={() => answer(true)} onCancel={() => answer(false)} /> : null;
  return { confirm, confirmDialog };
}
