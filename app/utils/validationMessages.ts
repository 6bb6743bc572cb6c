/**
 * A form error travels as one string from the schema to the page: an i18n key, and where the
 * message names a limit, its values after "?" in query-string form
 * ("validation.tooLong?max=4000", "validation.numberRange?min=15&max=720"). One string, so
 * FieldErrors stay Record<string, string> through zod, JSON answers and the CSV import report;
 * this file is the only place that writes or reads that form.
 */
/** Values a message is filled with: limits `min` and `max` (numbers, formatted in the reader's language by the text) or a short text. */
export type MessageParams = Record<string, number | string>;

export type Message = { key: string; params: MessageParams };

/** The key with its values, as a field error carries it. */
export function messageWithParams(key: string, params?: MessageParams): string {
  const entries = Object.entries(params ?? {}).filter(([, value]) => value !== "" && value !== undefined);
  if (entries.length === 0) return key;
  return `${key}?${new URLSearchParams(entries.map(([name, value]) => [name, String(value)])).toString()}`;
}

/** Values that are limits, and so numbers; any other value is text (e.g. what a person typed). */
const NUMBER_PARAMS = new Set(["min", "max"]);

/** A field error's key and values. */
export function readMessage(message: string): Message {
  const at = message.indexOf("?");
  if (at < 0) return { key: message, params: {} };
  const params: MessageParams = {};
  for (const [name, value] of new URLSearchParams(message.slice(at + 1))) params[name] = NUMBER_PARAMS.has(name) && /^-?\d+$/.test(value) ? Number(value) : value;
  return { key: message.slice(0, at), params };
}

/**
 * A field error in the reader's language. Texts format their numbers themselves
 * ("{{max, number}}": "4,000" in English, "4 000" in Russian); plural forms follow `max`.
 */
export function translateMessage(t: (key: string, options: Record<string, unknown>) => string, message: string): string {
  const { key, params } = readMessage(message);
  const count = typeof params.max === "number" ? { count: params.max } : {};
  return t(key, { ...params, ...count });
}
