import { describe, expect, it } from "vitest";

import { filterDirectory, type DirectoryRow } from "~/domain/participants/directory";
import { IMPORT_COLUMNS, validateImport } from "~/schemas/participantImport";
import { participantSchema } from "~/schemas/participant";
import { parseValues } from "~/utils/forms";

const towns = [
  { id: 1, slug: "tartu", name: "Tartu" },
  { id: 2, slug: "kardla", name: "Kärdla" },
];
const NOW = "2026-11-23T10:00:00.000Z";
const HEADER = "first_name,last_name,email,phone,home_town,languages,offers,max_travel_minutes,monthly_cap,weekdays,times_of_day,country_of_origin,gender,consent_at";
const GOOD = 'Olena,Kovalenko,olena@example.org,,tartu,"uk:native;ru:fluent","crafts:Embroidery;food",180,2,"1,3,6","afternoon;evening",UA,female,2026-09-15';

const check = (text: string, takenEmails = new Set<string>()) => validateImport(text, { towns, takenEmails, now: NOW });

describe("import row validation", () => {
  it("turns a good row into the same data /join stores", () => {
    const report = check(`${HEADER}\n${GOOD}\n`);
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.rows).toEqual([
      {
        row: 2,
        data: {
          firstName: "Olena",
          lastName: "Kovalenko",
          email: "olena@example.org",
          phone: null,
          homeTownId: 1,
          preferredLocale: "et",
          languages: [
            { code: "uk", level: "native" },
            { code: "ru", level: "fluent" },
          ],
          offers: [
            { offer: "crafts", description: "Embroidery" },
            { offer: "food", description: null },
          ],
          maxTravelMinutes: 180,
          monthlyCap: 2,
          weekdays: [1, 3, 6],
          timesOfDay: ["afternoon", "evening"],
          unavailableDates: [],
          needsChildcare: false,
          needsStepFree: false,
          dietary: null,
          countryOfOrigin: "UA",
          gender: "female",
          // Without the show_first_name column: not shown on public pages (opt-in).
          showFirstName: false,
          consentAt: "2026-09-15T00:00:00.000Z",
        },
      },
    ]);
  });

  it("finds a town by its name with or without accents", () => {
    const report = check(`${HEADER}\n${GOOD.replace(",tartu,", ",KARDLA,")}\n${GOOD.replace(",tartu,", ",Kärdla,").replace("olena@", "o2@")}`);
    expect(report.ok && report.rows.map((r) => r.data.homeTownId)).toEqual([2, 2]);
  });

  it("reports every problem with its row and column, not just the first", () => {
    const bad = [
      GOOD.replace("olena@example.org", "").replace(",tartu,", ",atlantis,"), // no contact, unknown town
      GOOD.replace("uk:native", "uk:superb").replace("olena@", "b@"), // unknown level
      GOOD.replace(",180,", ",-5,").replace("olena@", "c@").replace(",2026-09-15", ","), // negative travel, no consent date
    ];
    const report = check([HEADER, GOOD, ...bad].join("\n"));
    expect(report.ok).toBe(false);
    if (report.ok) return;
    expect(report.errors).toEqual([
      { row: 3, field: "home_town", message: "validation.unknownChoice" },
      { row: 3, field: "email", message: "validation.contactRequired" },
      { row: 4, field: "languages", message: "validation.unknownChoice" },
      { row: 5, field: "max_travel_minutes", message: "validation.numberRange?min=15&max=720" },
      { row: 5, field: "consent_at", message: "validation.required" },
    ]);
  });

  it("refuses e-mails used twice in the file or already on file", () => {
    const twice = check([HEADER, GOOD, GOOD.replace("Olena", "Other")].join("\n"));
    expect(twice.ok ? [] : twice.errors).toEqual([{ row: 3, field: "email", message: "participantImport.error.emailTwice" }]);
    const onFile = check([HEADER, GOOD].join("\n"), new Set(["olena@example.org"]));
    expect(onFile.ok ? [] : onFile.errors).toEqual([{ row: 2, field: "email", message: "participantImport.error.emailOnFile" }]);
  });

  it("checks the file's shape first: unknown and missing columns, ragged rows, a consent date in the future", () => {
    const shape = check("first_name,shoe_size\nOlena,38");
    expect(shape.ok ? [] : shape.errors.map((e) => [e.field, e.message])).toEqual([
      ["shoe_size", "participantImport.error.unknownColumn"],
      ...IMPORT_COLUMNS.filter((c) => c.required && c.name !== "first_name").map((c) => [c.name, "participantImport.error.missingColumn"]),
    ]);
    const ragged = check(`${HEADER}\nOlena,only-two`);
    expect(ragged.ok ? [] : ragged.errors).toEqual([{ row: 2, field: "", message: "participantImport.error.columnCount" }]);
    const future = check(`${HEADER}\n${GOOD.replace("2026-09-15", "2027-01-01")}`);
    expect(future.ok ? [] : future.errors).toEqual([{ row: 2, field: "consent_at", message: "validation.notInFuture" }]);
  });
});

describe("participant schema on /join", () => {
  const schema = participantSchema({ towns, mode: "join", now: NOW });
  const base = {
    first_name: "Olena",
    phone: "+372 5123 4567",
    home_town: "tartu",
    languages: [{ code: "uk", level: "native" }],
    offers: [{ offer: "story", description: "" }],
    max_travel_minutes: "120",
    weekdays: ["6"],
    times_of_day: ["afternoon"],
    consent: "yes",
  };

  it("accepts a phone instead of an e-mail and stamps the consent with the sign-up time", () => {
    const result = parseValues(schema, base);
    expect(result.ok && result.data.consentAt).toBe(NOW);
    expect(result.ok && result.data.monthlyCap).toBe(2);
  });

  it("needs the consent box, at least one language, offer, weekday and time, and no language twice", () => {
    const result = parseValues(schema, { ...base, consent: undefined, languages: [], offers: [], weekdays: [], times_of_day: [] });
    expect(result.ok ? {} : result.errors).toEqual({
      consent: "validation.mustAgree",
      languages: "validation.atLeastOne",
      offers: "validation.atLeastOne",
      weekdays: "validation.atLeastOne",
      times_of_day: "validation.atLeastOne",
    });
    const twice = parseValues(schema, {
      ...base,
      languages: [
        { code: "uk", level: "native" },
        { code: "uk", level: "basic" },
      ],
    });
    expect(twice.ok ? {} : twice.errors).toEqual({ languages: "validation.duplicate" });
  });

  it("refuses a malformed phone, e-mail and date", () => {
    const result = parseValues(schema, { ...base, phone: "call me", email: "olena(at)example", unavailable_dates: ["2026-02-30"] });
    expect(result.ok ? {} : result.errors).toEqual({ phone: "validation.phone", email: "validation.email", "unavailable_dates.0": "validation.date" });
  });
});

describe("directory search", () => {
  const row = (over: Partial<DirectoryRow>): DirectoryRow => ({
    id: 1,
    firstName: "Olena",
    lastName: "Kovalenko",
    email: null,
    phone: null,
    homeTown: "Tartu",
    regionCode: "EE-79",
    languages: [{ code: "uk", level: "native" }],
    offers: ["crafts"],
    weekdays: [6],
    timesOfDay: ["afternoon"],
    pausedUntil: null,
    monthlyCap: 2,
    maxTravelMinutes: 120,
    load: 0,
    ...over,
  });
  const rows = [
    row({ id: 1 }),
    row({ id: 2, firstName: "Олена", lastName: "Ткаченко", languages: [{ code: "ru", level: "fluent" }], offers: ["food"], load: 3 }),
    row({ id: 3, firstName: "Ahmad", lastName: null, phone: "+372 5555 1234", regionCode: "EE-37", weekdays: [0], pausedUntil: "2026-12-01" }),
  ];

  it("finds Cyrillic names whatever the case, and phones by their digits", () => {
    expect(filterDirectory(rows, { q: "олена" }, "2026-11-23").map((r) => r.id)).toEqual([2]);
    expect(filterDirectory(rows, { q: "5555 12" }, "2026-11-23").map((r) => r.id)).toEqual([3]);
  });

  it("combines filters", () => {
    expect(filterDirectory(rows, { language: "uk", region: "EE-79" }, "2026-11-23").map((r) => r.id)).toEqual([1]);
    expect(filterDirectory(rows, { load: "many" }, "2026-11-23").map((r) => r.id)).toEqual([2]);
    expect(filterDirectory(rows, { weekday: 6, availableOnly: true }, "2026-11-23").map((r) => r.id)).toEqual([1, 2]);
    expect(filterDirectory(rows, { availableOnly: true }, "2026-11-23").map((r) => r.id)).toEqual([1, 2]);
  });
});
