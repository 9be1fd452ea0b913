import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { FieldErrors } from "@/lib/platform/errors";

/** Puts the server's field messages next to the fields react-hook-form knows. */
export function applyFieldErrors<T extends FieldValues>(setError: UseFormSetError<T>, fieldErrors: FieldErrors | undefined): void {
  for (const [field, messages] of Object.entries(fieldErrors ?? {})) {
    setError(field as Path<T>, { type: "server", message: messages[0] });
  }
}
