/** A form-level message (not role="alert": Next's route announcer already owns that role). */
export function FormMessage({ kind, message }: { kind: "error" | "success"; message?: string | null }) {
  if (!message) return null;
  return (
    <div className={kind === "error" ? "form-error" : "form-success"} data-testid={`form-${kind}`} aria-live="polite">
      {message}
    </div>
  );
}
