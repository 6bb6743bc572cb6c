import type { z } from "zod";

/** Field errors as i18n keys, e.g. { email: "validation.email" }; the first problem per field wins. */
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
export function parseForm<S extends z.ZodTypeAny>(
  schema: S,
  formData: FormData,
  arrays: readonly string[] = [],
): FormResult<z.output<S>> {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = arrays.includes(key) ? values : values[0];
  }
  for (const key of arrays) raw[key] ??= [];
  return parseValues(schema, raw);
}

/** Validates already-collected values with the same error shape as parseForm. */
export function parseValues<S extends z.ZodTypeAny>(schema: S, raw: unknown): FormResult<z.output<S>> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "_form";
    errors[field] ??= issue.message.startsWith("validation.") ? issue.message : "validation.invalid";
  }
  return { ok: false, errors };
}

/** What was submitted, to show it again next to the errors (repeated names as arrays; huge values cut). */
export function submittedValues(formData: FormData, arrays: readonly string[] = []): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData
      .getAll(key)
      .filter((v): v is string => typeof v === "string")
      .map((v) => v.slice(0, 5000));
    values[key] = arrays.includes(key) ? all : (all[0] ?? "");
  }
  return values;
}
