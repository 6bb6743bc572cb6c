/**
 * The coordinators' CSV export of the participant directory. Cells that a spreadsheet would read
 * as a formula (=, +, -, @, TAB, CR at the start: OWASP "CSV injection") get a leading
 * apostrophe, so a name like `=HYPERLINK("http://x","y")` stays text when the file is opened.
 */
import type { DirectoryRow } from "./directory";

export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe to open in a spreadsheet: formulas are defused with a leading `'`. */
export function defuseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV field: numbers as they are; text defused and always quoted (quotes doubled). */
export function csvField(value: CsvCell): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  return `"${defuseFormula(value).replace(/"/g, '""')}"`;
}

/** RFC 4180 text with CRLF line ends and a byte-order mark, so spreadsheets read UTF-8 names right. */
export function toCsv(rows: CsvCell[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

export const PARTICIPANT_CSV_COLUMNS = [
  "id",
  "firstName",
  "lastName",
  "email",
  "phone",
  "homeTown",
  "region",
  "languages",
  "offers",
  "maxTravelMinutes",
  "monthlyCap",
  "pausedUntil",
  "load",
] as const;
export type ParticipantCsvColumn = (typeof PARTICIPANT_CSV_COLUMNS)[number];

export type ParticipantCsvLabels = {
  column: (column: ParticipantCsvColumn) => string;
  region: (code: string) => string;
  language: (code: string, level: string) => string;
  offer: (offer: string) => string;
};

/** The directory as CSV rows (header first), in the reader's language. */
export function participantCsv(rows: DirectoryRow[], labels: ParticipantCsvLabels): string {
  const header = PARTICIPANT_CSV_COLUMNS.map(labels.column);
  const body = rows.map((p): CsvCell[] => [
    p.id,
    p.firstName,
    p.lastName,
    p.email,
    p.phone,
    p.homeTown,
    p.regionCode ? labels.region(p.regionCode) : null,
    p.languages.map((l) => labels.language(l.code, l.level)).join("; "),
    p.offers.map(labels.offer).join("; "),
    p.maxTravelMinutes,
    p.monthlyCap,
    p.pausedUntil,
    p.load,
  ]);
  return toCsv([header, ...body]);
}
