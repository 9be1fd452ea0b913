/** The message under a field; its id is what the input's aria-describedby points at. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <span id={id} className="field-error" data-testid={`error-${id.replace(/-error$/, "")}`}>
      {message}
    </span>
  );
}
