/** Messages per field path ("to", "messages.3.subject"), as forms and the API show them; "_" for the whole input. */
export type FieldErrors = Record<string, string[]>;
