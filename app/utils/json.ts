/**
 * JSON arrays kept in text columns (languages, weekdays, wishes…): written by the app, but the
 * column is text, so anything else reads as an empty list rather than throwing.
 */
export function parseJsonArray<T>(json: string): T[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

/** A JSON array of strings; anything in it that is not a string is left out. */
export function parseStringArray(json: string): string[] {
  return parseJsonArray<unknown>(json).filter((v): v is string => typeof v === "string");
}
