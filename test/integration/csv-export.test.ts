import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { csvField, defuseFormula, participantCsv, toCsv } from "~/domain/participants/csvExport";
import { parseCsv } from "~/domain/participants/csv";
import { loader as csvLoader } from "~/routes/admin.participants[.]csv";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { getRequest, settle } from "../helpers/requests";

const CORPUS = (JSON.parse(fs.readFileSync(path.resolve(__dirname, "../fixtures/bad-input/corpus.json"), "utf8")) as { name: string; value?: string }[]).filter(
  (e): e is { name: string; value: string } => typeof e.value === "string",
);
const FORMULA = /^[=+\-@\t\r]/;

describe("CSV cells (pure)", () => {
  it("defuses every cell a spreadsheet would run as a formula, and only those", () => {
    for (const formula of ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\t=1+1", "\r=1+1"]) {
      expect(defuseFormula(formula)).toBe(`'${formula}`);
    }
    for (const text of ["Olena", "Kovalenko-Smith", "a=b", " =1", "", "'quoted'"]) expect(defuseFormula(text)).toBe(text);
  });

  it("quotes text, doubles quotes, keeps numbers and empties as they are", () => {
    expect(csvField('Say "tere", then go')).toBe('"Say ""tere"", then go"');
    expect(csvField("a;b\r\nc")).toBe('"a;b\r\nc"');
    expect(csvField(-1)).toBe("-1");
    expect(csvField(null)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
    expect(
      toCsv([
        ["a", 1],
        ["=1", null],
      ]),
    ).toBe('\uFEFF"a",1\r\n"\'=1",\r\n');
  });

  it("reads back through a CSV parser as the same text, formulas defused", () => {
    const rows = CORPUS.map((c, i) => ({
      id: i + 1,
      firstName: c.value,
      lastName: c.value,
      email: null,
      phone: c.value,
      homeTown: null,
      regionCode: null,
      languages: [],
      offers: [],
      weekdays: [],
      timesOfDay: [],
      pausedUntil: null,
      monthlyCap: 2,
      maxTravelMinutes: 120,
      load: 0,
    }));
    const csv = participantCsv(rows, { column: (c) => c, region: (c) => c, language: (c) => c, offer: (o) => o });
    const parsed = parseCsv(csv);
    if (!parsed.ok) throw new Error(`unparseable CSV: ${parsed.code} at ${parsed.row}`);
    expect(parsed.records).toHaveLength(CORPUS.length + 1);
    for (const [i, record] of parsed.records.slice(1).entries()) {
      const original = CORPUS[i].value;
      expect(record.fields[1], CORPUS[i].name).toBe(FORMULA.test(original) ? `'${original}` : original);
      for (const cell of record.fields) expect(FORMULA.test(cell), `${CORPUS[i].name}: ${JSON.stringify(cell)}`).toBe(false);
    }
  });
});

describe("/admin/participants.csv", () => {
  let test: TestDatabase;
  let cookie: string;
  beforeAll(async () => {
    test = await createTestDatabase();
    cookie = (await loginAsNewCoordinator()).cookie;
    const town = await test.db.selectFrom("town").select("id").where("slug", "=", "tartu").executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    for (const [i, c] of CORPUS.entries()) {
      const { id } = await test.db
        .insertInto("participant")
        .values({
          first_name: c.value,
          last_name: `${c.value}`,
          email: `p${i}@example.org`,
          phone: c.value.slice(0, 100),
          home_town_id: town.id,
          preferred_locale: "et",
          consent_at: now,
          consent_version: "2026-1",
          created_at: now,
          updated_at: now,
          last_active_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await test.db.insertInto("participant_offer").values({ participant_id: id, offer: "crafts", description: null }).execute();
      await test.db.insertInto("participant_language").values({ participant_id: id, code: "uk", level: "native" }).execute();
    }
  });
  afterAll(() => test.close());

  const download = (url: string, withCookie = true) => settle(() => csvLoader({ request: getRequest(url, { cookie: withCookie ? cookie : undefined }), params: {}, context: {} }));

  it("gives coordinators every participant, in their language, with no cell a spreadsheet would run", async () => {
    const before = await rowCounts(test.db);
    const response = await download("/admin/participants.csv?lng=en");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="tuttav-participants-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const parsed = parseCsv(await response.text());
    if (!parsed.ok) throw new Error("unparseable CSV");
    const [header, ...records] = parsed.records;
    expect(header.fields.slice(0, 4)).toEqual(["No.", "First name", "Last name", "E-mail"]);
    expect(records).toHaveLength(CORPUS.length);
    for (const record of records) {
      for (const cell of record.fields) expect(FORMULA.test(cell), JSON.stringify(cell)).toBe(false);
    }
    const hyperlink = records.find((r) => r.fields[1].includes("HYPERLINK"))!;
    expect(hyperlink.fields[1]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(hyperlink.fields[7]).toBe("Ukrainian (Native)");
    expect(hyperlink.fields[8]).toBe("Crafts");
    // Downloading is reading: nothing is written.
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("speaks Estonian by default", async () => {
    const parsed = parseCsv(await (await download("/admin/participants.csv")).text());
    expect(parsed.ok && parsed.records[0].fields.slice(0, 3)).toEqual(["Nr", "Eesnimi", "Perekonnanimi"]);
  });

  it("sends everyone else to the login page", async () => {
    const response = await download("/admin/participants.csv", false);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login\?/);
  });
});
