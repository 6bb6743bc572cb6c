import type { FieldErrors, FormResult } from "~/utils/forms";
import { formFields } from "~/utils/forms";
import { messageWithParams } from "~/utils/validationMessages";

/** The most people one form marks (far more than any event's places). */
const MAX_MARKS = 500;
export const LOCALS_MAX = 100_000;

const ID = /^[1-9]\d{0,15}$/;

export type AttendanceForm = {
  eventId: number | null;
  marks: { assignmentId: number; attended: boolean }[];
  localsCount: number | null;
};

/** The radio group of one person: "yes" came, "no" did not; nothing chosen leaves them as they are. */
export const markField = (assignmentId: number) => `came-${assignmentId}`;

/**
 * The attendance form: repeated `assignmentId` (hidden, one per person shown), each person's
 * `came-<id>` radio, and, for coordinators, `localsCount` (empty = not counted); the host's form
 * also names its `eventId`. Field errors are i18n keys, as parseForm's.
 */
export function parseAttendanceForm(formData: FormData, options: { locals: boolean; eventId: boolean }): FormResult<AttendanceForm> {
  const fields = formFields(formData);
  const errors: FieldErrors = {};
  const one = (name: string): string | null | undefined => {
    const values = fields.get(name);
    if (!values || values.length === 0) return undefined;
    return values.length === 1 ? values[0] : null;
  };

  let eventId: number | null = null;
  if (options.eventId) {
    const raw = one("eventId");
    if (raw == null || !ID.test(raw)) errors.marks = "validation.invalid";
    else eventId = Number(raw);
  }

  const ids = fields.get("assignmentId") ?? [];
  const marks: AttendanceForm["marks"] = [];
  if (ids.length > MAX_MARKS || ids.some((id) => !ID.test(id)) || new Set(ids).size !== ids.length) errors.marks = "validation.invalid";
  else {
    for (const id of ids) {
      const value = one(markField(Number(id)));
      if (value === undefined || value === "") continue;
      if (value !== "yes" && value !== "no") {
        errors.marks = "validation.choose";
        break;
      }
      marks.push({ assignmentId: Number(id), attended: value === "yes" });
    }
  }

  let localsCount: number | null = null;
  if (options.locals) {
    const raw = one("localsCount");
    const text = raw?.trim() ?? "";
    if (raw === null) errors.localsCount = messageWithParams("validation.numberRange", { min: 0, max: LOCALS_MAX });
    else if (text !== "") {
      if (!/^\d{1,6}$/.test(text) || Number(text) > LOCALS_MAX) errors.localsCount = messageWithParams("validation.numberRange", { min: 0, max: LOCALS_MAX });
      else localsCount = Number(text);
    }
  } else if (marks.length === 0 && !errors.marks) {
    // The host's form has nothing else to save.
    errors.marks = "attendance.errors.nothingMarked";
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: { eventId, marks, localsCount } };
}
