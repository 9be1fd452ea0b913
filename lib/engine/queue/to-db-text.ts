// Long multi-line replies are cut: the column is for people reading the log, not an archive.
const MAX_TEXT = 2000;

/**
 * Makes text from a remote server safe to store. PostgreSQL text cannot hold NUL, and one bad reply must not
 * make the whole batch's transaction fail — its messages would be sent again and again.
 */
export function toDbText(text: string): string;
export function toDbText(text: string | null): string | null;
export function toDbText(text: string | null): string | null {
  if (text === null) return null;
  const clean = text.replace(/\u0000/g, "");
  return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT - 1)}…` : clean;
}
