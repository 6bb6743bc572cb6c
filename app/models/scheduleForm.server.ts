import type { z } from "zod";

import type { Audience } from "~/domain/vocabulary";
import { parseForm, submittedValues, type FieldErrors } from "~/utils/forms";

import { audienceVenueError, venueExists } from "./event/venues.server";

/** A parsed event or series form, or its field errors with what was submitted, to show again. */
export type ScheduleFormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

/**
 * Parses an event or series form and checks that the chosen venue exists: a stale or forged
 * venue id is a field error for the person to fix, not a failed save.
 */
export async function parseScheduleForm<S extends z.ZodType<{ venueId: number; audience?: Audience }, z.ZodTypeDef, unknown>>(
  schema: S,
  formData: FormData,
  arrays: readonly string[],
): Promise<ScheduleFormResult<z.output<S>>> {
  const parsed = parseForm(schema, formData, arrays);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, values: submittedValues(formData, arrays) };
  if (!(await venueExists(parsed.data.venueId))) return { ok: false, errors: { venueId: "validation.choose" }, values: submittedValues(formData, arrays) };
  const audienceError = await audienceVenueError(parsed.data.venueId, parsed.data.audience);
  if (audienceError) return { ok: false, errors: { audience: audienceError }, values: submittedValues(formData, arrays) };
  return parsed;
}
