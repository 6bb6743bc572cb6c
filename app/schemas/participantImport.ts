/**
 * Reading a participants CSV: columns, each row turned into the same values /join produces and
 * checked with the same schema, and a report that lists every problem by row and column.
 * All-or-nothing: the caller stores rows only when the report has no errors.
 */
import { parseCsv } from "~/domain/participants/csv";
import { parseValues } from "~/utils/forms";

import { participantSchema, type ParticipantData, type ParticipantValues, type TownRef } from "./participant";

/** Columns a file may have; `required` ones must be in the header. Documented on the upload page and in --help. */
export const IMPORT_COLUMNS = [
  { name: "first_name", required: true, example: "Olena" },
  { name: "last_name", required: false, example: "Kovalenko" },
  { name: "email", required: false, example: "olena@example.org" },
  { name: "phone", required: false, example: "+372 5123 4567" },
  { name: "home_town", required: true, example: "tartu" },
  { name: "languages", required: true, example: "uk:native;ru:fluent;et:basic" },
  { name: "offers", required: true, example: "crafts:Embroidery;food" },
  { name: "max_travel_minutes", required: true, example: "180" },
  { name: "monthly_cap", required: false, example: "2" },
  { name: "weekdays", required: true, example: "1,3,6" },
  { name: "times_of_day", required: true, example: "afternoon;evening" },
  { name: "unavailable_dates", required: false, example: "2026-12-24;2026-12-31" },
  { name: "needs", required: false, example: "childcare;step_free" },
  { name: "dietary", required: false, example: "halal" },
  { name: "country_of_origin", required: false, example: "UA" },
  { name: "gender", required: false, example: "female" },
  { name: "preferred_locale", required: false, example: "uk" },
  { name: "show_first_name", required: false, example: "yes" },
  { name: "consent_at", required: true, example: "2026-09-15" },
] as const;

export type ImportColumn = (typeof IMPORT_COLUMNS)[number]["name"];

const COLUMN_NAMES = new Set<string>(IMPORT_COLUMNS.map((c) => c.name));

/** One problem: the row (as a spreadsheet numbers it, header = 1), the column, and an i18n key. */
export type ImportError = { row: number; field: string; message: string };

export type ImportReport = { ok: true; rows: { row: number; data: ParticipantData }[] } | { ok: false; errors: ImportError[]; rowCount: number };

const list = (value: string | undefined) =>
  (value ?? "")
    .split(/[;,\n]/)
    .map((v) => v.trim())
    .filter(Boolean);

/** A CSV row (column → text) as the values the participant schema validates. */
export function rowToValues(record: Partial<Record<ImportColumn, string>>): ParticipantValues {
  const pairs = (value: string | undefined) =>
    (value ?? "")
      .split(";")
      .map((v) => v.trim())
      .filter(Boolean)
      .map((entry) => {
        const at = entry.indexOf(":");
        return at < 0 ? [entry, ""] : [entry.slice(0, at).trim(), entry.slice(at + 1).trim()];
      });
  const needs = list(record.needs).map((n) => n.toLowerCase());
  return {
    first_name: record.first_name,
    last_name: record.last_name,
    email: record.email,
    phone: record.phone,
    home_town: record.home_town,
    preferred_locale: record.preferred_locale,
    languages: pairs(record.languages).map(([code, level]) => ({ code, level })),
    offers: pairs(record.offers).map(([offer, description]) => ({ offer, description })),
    max_travel_minutes: record.max_travel_minutes,
    monthly_cap: record.monthly_cap,
    weekdays: list(record.weekdays),
    times_of_day: list(record.times_of_day),
    unavailable_dates: list(record.unavailable_dates),
    needs_childcare: needs.includes("childcare"),
    needs_step_free: needs.includes("step_free"),
    dietary: record.dietary,
    country_of_origin: record.country_of_origin,
    gender: record.gender,
    // An opt-in: only a clear yes shows the first name on public event pages.
    show_first_name: ["yes", "true", "1", "on"].includes((record.show_first_name ?? "").trim().toLowerCase()),
    consent_at: record.consent_at,
  };
}

/**
 * Checks a whole file: its shape (header, known columns), then every row with the participant
 * schema, then e-mails used twice in the file or already on file (`takenEmails`, lower case).
 */
export function validateImport(text: string, context: { towns: TownRef[]; takenEmails: Set<string>; now: string; maxRows?: number }): ImportReport {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, rowCount: 0, errors: [{ row: parsed.row, field: "", message: `participantImport.error.${parsed.code}` }] };
  const [header, ...records] = parsed.records;
  if (!header) return { ok: false, rowCount: 0, errors: [{ row: 1, field: "", message: "participantImport.error.empty" }] };

  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const errors: ImportError[] = [];
  for (const name of columns) {
    if (!COLUMN_NAMES.has(name)) errors.push({ row: header.row, field: name, message: "participantImport.error.unknownColumn" });
  }
  for (const column of IMPORT_COLUMNS) {
    if (column.required && !columns.includes(column.name)) errors.push({ row: header.row, field: column.name, message: "participantImport.error.missingColumn" });
  }
  if (new Set(columns).size !== columns.length) errors.push({ row: header.row, field: "", message: "participantImport.error.duplicateColumn" });
  if (records.length === 0) errors.push({ row: header.row + 1, field: "", message: "participantImport.error.noRows" });
  if (context.maxRows !== undefined && records.length > context.maxRows) errors.push({ row: header.row, field: "", message: "participantImport.error.tooManyRows" });
  if (errors.length > 0) return { ok: false, errors, rowCount: records.length };

  const schema = participantSchema({ towns: context.towns, mode: "import", now: context.now });
  const rows: { row: number; data: ParticipantData }[] = [];
  const emailRow = new Map<string, number>();
  for (const record of records) {
    if (record.fields.length !== columns.length) {
      errors.push({ row: record.row, field: "", message: "participantImport.error.columnCount" });
      continue;
    }
    const values: Partial<Record<ImportColumn, string>> = {};
    columns.forEach((name, i) => (values[name as ImportColumn] = record.fields[i]));
    const result = parseValues(schema, rowToValues(values));
    if (!result.ok) {
      for (const [path, message] of Object.entries(result.errors)) {
        errors.push({ row: record.row, field: path.split(".")[0], message });
      }
      continue;
    }
    const email = result.data.email;
    if (email) {
      if (context.takenEmails.has(email)) errors.push({ row: record.row, field: "email", message: "participantImport.error.emailOnFile" });
      else if (emailRow.has(email)) errors.push({ row: record.row, field: "email", message: "participantImport.error.emailTwice" });
      emailRow.set(email, record.row);
    }
    rows.push({ row: record.row, data: result.data });
  }
  if (errors.length > 0) return { ok: false, errors, rowCount: records.length };
  return { ok: true, rows };
}
