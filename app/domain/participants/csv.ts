/**
 * A small RFC 4180 CSV reader for participant imports: quoted fields with commas, line breaks and
 * doubled quotes, CRLF/LF/CR line ends, a UTF-8 byte-order mark, and the semicolon separator that
 * spreadsheets in Estonian (and most European) locales write by default.
 */

export type CsvRecord = {
  /** 1-based record number in the file, header included: what a spreadsheet shows as the row. */
  row: number;
  fields: string[];
};

export type CsvParseResult = { ok: true; records: CsvRecord[]; separator: "," | ";" } | { ok: false; code: "unterminated_quote" | "quote_in_field"; row: number };

/** The separator a file uses, judged from its first line (outside quotes): ";" only if it has no ",". */
export function detectSeparator(text: string): "," | ";" {
  let inQuotes = false;
  let commas = 0;
  let semicolons = 0;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === "\n" || ch === "\r")) break;
    else if (!inQuotes && ch === ",") commas += 1;
    else if (!inQuotes && ch === ";") semicolons += 1;
  }
  return semicolons > 0 && commas === 0 ? ";" : ",";
}

/**
 * Splits CSV text into records of fields. Blank lines are skipped (they still count for row
 * numbers, as in a spreadsheet). A stray quote inside an unquoted field, or a quote that is
 * never closed, is reported with its row rather than guessed around.
 */
export function parseCsv(input: string, options: { separator?: "," | ";" } = {}): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const separator = options.separator ?? detectSeparator(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let row = 1;
  let recordRow = 1;
  let i = 0;
  // A quoted field: "…" with "" for a quote; it may span lines.
  let quoted = false;
  let fieldStarted = false;

  const endField = () => {
    fields.push(field);
    field = "";
    quoted = false;
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    const blank = fields.length === 1 && fields[0] === "";
    if (!blank) records.push({ row: recordRow, fields });
    fields = [];
  };

  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        // After the closing quote only a separator or a line end may follow.
        const next = text[i];
        if (next !== undefined && next !== separator && next !== "\n" && next !== "\r") {
          return { ok: false, code: "quote_in_field", row };
        }
        continue;
      }
      if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) row += 1;
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (fieldStarted) return { ok: false, code: "quote_in_field", row };
      quoted = true;
      fieldStarted = true;
      i += 1;
      continue;
    }
    if (ch === separator) {
      endField();
      i += 1;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      row += 1;
      recordRow = row;
      continue;
    }
    field += ch;
    fieldStarted = true;
    i += 1;
  }
  if (quoted) return { ok: false, code: "unterminated_quote", row: recordRow };
  if (field !== "" || fields.length > 0 || fieldStarted) endRecord();
  return { ok: true, records, separator };
}
