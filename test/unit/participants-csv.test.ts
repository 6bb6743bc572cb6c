import { describe, expect, it } from "vitest";

import { detectSeparator, parseCsv } from "~/domain/participants/csv";

const fields = (text: string) => {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(`parse failed: ${result.code} at ${result.row}`);
  return result.records.map((r) => r.fields);
};

describe("CSV parser", () => {
  it("reads plain rows with LF, CRLF and CR line ends alike", () => {
    expect(fields("a,b\n1,2\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(fields("a,b\r\n1,2\r\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(fields("a,b\r1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("drops a UTF-8 byte-order mark so the first column name is clean", () => {
    expect(fields("\uFEFFfirst_name,email\nOlena,o@example.org")[0]).toEqual(["first_name", "email"]);
  });

  it("keeps commas, line breaks and doubled quotes inside quoted fields", () => {
    expect(fields('name,note\n"Kovalenko, Olena","says ""hi""\nand bye"\n')).toEqual([
      ["name", "note"],
      ["Kovalenko, Olena", 'says "hi"\nand bye'],
    ]);
  });

  it("keeps empty fields, including a trailing one and an empty quoted one", () => {
    expect(fields('a,b,c\n1,,\n"",x,""')).toEqual([
      ["a", "b", "c"],
      ["1", "", ""],
      ["", "x", ""],
    ]);
  });

  it("numbers records as a spreadsheet does, counting lines inside quotes and blank lines", () => {
    const result = parseCsv('h1,h2\n"multi\nline",x\n\nlast,y\n');
    expect(result.ok && result.records.map((r) => r.row)).toEqual([1, 2, 5]);
  });

  it("reads the semicolon files that Estonian spreadsheets save, quotes and all", () => {
    expect(detectSeparator("first_name;languages\n")).toBe(";");
    expect(detectSeparator("first_name,languages\n")).toBe(",");
    expect(fields('first_name;languages\nOlena;"uk:native;ru:fluent"')).toEqual([
      ["first_name", "languages"],
      ["Olena", "uk:native;ru:fluent"],
    ]);
  });

  it("reports a quote that is never closed, and a stray quote inside a value, with the row", () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n')).toEqual({ ok: false, code: "unterminated_quote", row: 2 });
    expect(parseCsv('a,b\n1,ab"c"\n')).toEqual({ ok: false, code: "quote_in_field", row: 2 });
    expect(parseCsv('a,b\n"x"y,1\n')).toEqual({ ok: false, code: "quote_in_field", row: 2 });
  });

  it("reads a file without a final line break and an empty file", () => {
    expect(fields("a\n1")).toEqual([["a"], ["1"]]);
    expect(fields("")).toEqual([]);
  });
});
