import type { z } from "zod";

import { messageWithParams, type MessageParams } from "./validationMessages";

/**
 * Field errors as i18n keys, with the limit a message names after "?" (see validationMessages.ts),
 * e.g. { email: "validation.email", message: "validation.tooLong?max=4000" }; the first problem per field wins.
 */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * The body of a form POST. Anything else (JSON, plain text, no body) is refused with 415 and a
 * form body that cannot be parsed with 400, both thrown as Responses for the root error page,
 * so no action ever reaches its form code with something a browser's form would not send.
 */
export async function readFormData(request: Request): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.has(type)) throw new Response("Unsupported Media Type", { status: 415 });
  try {
    return await request.formData();
  } catch {
    // E.g. multipart without its boundary, or cut off half-way.
    throw new Response("Bad Request", { status: 400 });
  }
}

/**
 * Reads a form into a plain object (repeated names become arrays for the keys listed in `arrays`)
 * and validates it. Schemas carry i18n keys as their messages.
 */
export function parseForm<S extends z.ZodTypeAny>(schema: S, formData: FormData, arrays: readonly string[] = []): FormResult<z.output<S>> {
  return parseValues(schema, rawValues(formData, arrays));
}

/** A form's values by name: the first of each, or all of them for the names in `arrays` (none sent: []). */
function rawValues(formData: FormData, arrays: readonly string[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, values] of formFields(formData)) raw[key] = arrays.includes(key) ? values : values[0];
  for (const key of arrays) raw[key] ??= [];
  return raw;
}

/** A route's forms: one `z.discriminatedUnion("intent", [...])` with an option per form the route's page sends. */
export type IntentForms = z.ZodDiscriminatedUnion<"intent", z.ZodDiscriminatedUnionOption<"intent">[]>;

/**
 * The answer of parseIntentForm: which form was posted (`intent`, null when the post names none of
 * the route's forms) and that form's data or field errors. A `switch (form.intent)` narrows it to
 * one form, then `form.ok` to its data.
 */
export type IntentResult<T extends { intent: string }> =
  | (T extends unknown ? { intent: T["intent"]; ok: true; data: T } | { intent: T["intent"]; ok: false; errors: FieldErrors } : never)
  | { intent: null; ok: false; errors: FieldErrors };

/**
 * Reads a post to a route with several forms: each form sends a hidden `intent`, and the route's one
 * discriminated union says the fields of each. Read once, as parseForm does (`arrays` for any form's
 * repeated names).
 */
export function parseIntentForm<S extends IntentForms>(schema: S, formData: FormData, arrays: readonly string[] = []): IntentResult<Extract<z.output<S>, { intent: string }>> {
  const raw = rawValues(formData, arrays);
  const intent = typeof raw.intent === "string" && schema.optionsMap.has(raw.intent) ? raw.intent : null;
  if (intent === null) return { intent: null, ok: false, errors: { intent: "validation.invalid" } };
  const parsed = parseValues(schema, raw);
  return (parsed.ok ? { intent, ok: true, data: parsed.data } : { intent, ok: false, errors: parsed.errors }) as IntentResult<Extract<z.output<S>, { intent: string }>>;
}

/**
 * A form's text values by name, in order, read in one pass (files are left out; a name sent only
 * with files has no values). FormData's get/getAll scan every entry, so calling them once per
 * name made reading a form quadratic in its number of fields.
 */
export function formFields(formData: FormData): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const [key, value] of formData) {
    let values = fields.get(key);
    if (!values) fields.set(key, (values = []));
    if (typeof value === "string") values.push(value);
  }
  return fields;
}

/** Validates already-collected values with the same error shape as parseForm. */
export function parseValues<S extends z.ZodTypeAny>(schema: S, raw: unknown): FormResult<z.output<S>> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "_form";
    errors[field] ??= issueMessage(issue);
  }
  return { ok: false, errors };
}

/** Prefixes of the schemas' own messages (i18n keys); anything else is zod's English default. */
const MESSAGE_PREFIXES = ["validation.", "forms.error.", "claims.error."];

/** An issue's i18n key with the limit it names: a `.max(n)` says n; a custom issue brings its own `params`. */
function issueMessage(issue: z.ZodIssue): string {
  if (!MESSAGE_PREFIXES.some((prefix) => issue.message.startsWith(prefix))) return "validation.invalid";
  if (issue.code === "too_big" && (issue.type === "string" || issue.type === "array")) return messageWithParams(issue.message, { max: Number(issue.maximum) });
  if (issue.code === "custom" && issue.params) return messageWithParams(issue.message, issue.params as MessageParams);
  return issue.message;
}

/** What was submitted, to show it again next to the errors (repeated names as arrays; huge values cut). */
export function submittedValues(formData: FormData, arrays: readonly string[] = []): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [key, texts] of formFields(formData)) {
    const all = texts.map((v) => v.slice(0, 5000));
    values[key] = arrays.includes(key) ? all : (all[0] ?? "");
  }
  return values;
}
