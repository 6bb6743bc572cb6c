/// <reference types="vite/client" />
import fs from "node:fs";
import path from "node:path";

import i18next, { type TFunction } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import { LOCALES, type Locale } from "~/domain/vocabulary";
import { i18nConfig } from "~/i18n/config";
import { resources } from "~/i18n/resources";
import { participantFormValues, participantSchema } from "~/schemas/participant";
import { createRequestSchema } from "~/schemas/request";
import { parseValues } from "~/utils/forms";
import { messageWithParams, readMessage, translateMessage } from "~/utils/validationMessages";

const translators = {} as Record<Locale, TFunction>;
beforeAll(async () => {
  const instance = i18next.createInstance();
  await instance.init({ ...i18nConfig, resources, lng: "et" });
  for (const locale of LOCALES) translators[locale] = instance.getFixedT(locale);
});

const NOW = "2026-11-23T10:00:00.000Z";
const towns = [{ id: 1, slug: "tartu", name: "Tartu" }];

/** Values that break some rule of nearly every field: empty, far too long, out of range, not a number. */
const BAD_VALUES = ["", " ", "x".repeat(6000), "-5", "0", "100000", "99999999", "1.5", "abc", "2026-02-30", "25:00"];

/** The fields of a schema, through its refinements and transforms. */
function fieldsOf(schema: z.ZodTypeAny): string[] {
  let inner: z.ZodTypeAny = schema;
  while (inner._def.schema ?? inner._def.innerType) inner = inner._def.schema ?? inner._def.innerType;
  return Object.keys((inner as z.AnyZodObject).shape ?? {});
}

/** Every message a schema gives for the bad values, each value in every field at once, as single values and as lists. */
function messagesOf(schema: z.ZodTypeAny, fields = fieldsOf(schema)): string[] {
  const messages = new Set<string>();
  for (const value of BAD_VALUES) {
    for (const raw of [Object.fromEntries(fields.map((f) => [f, value])), Object.fromEntries(fields.map((f) => [f, Array.from({ length: 400 }, () => value)]))]) {
      const result = parseValues(schema, raw);
      if (!result.ok) for (const message of Object.values(result.errors)) messages.add(message);
    }
  }
  return [...messages];
}

/** The participant form goes through its own reader (language rows, offers), so it is fed a form. */
function participantMessages(): string[] {
  const messages = new Set<string>();
  for (const mode of ["join", "edit", "import"] as const) {
    const schema = participantSchema({ towns, mode, now: NOW });
    for (const value of [...BAD_VALUES, "klingon"]) {
      const form = new FormData();
      for (const name of [
        "first_name",
        "last_name",
        "email",
        "phone",
        "home_town",
        "preferred_locale",
        "max_travel_minutes",
        "monthly_cap",
        "dietary",
        "country_of_origin",
        "gender",
        "consent",
        "lang_level",
        "offers",
        "weekdays",
        "times_of_day",
      ])
        form.append(name, value);
      form.append("lang_code", value);
      form.append("lang_code", "");
      form.append("lang_level", "basic");
      for (let i = 0; i < 400; i++) form.append("unavailable_dates", "2026-12-24");
      const result = parseValues(schema, { ...participantFormValues(form), consent_at: value });
      if (!result.ok) for (const message of Object.values(result.errors)) messages.add(message);
    }
  }
  return [...messages];
}

/** Every schema app/schemas exports as a value (the two built per request are fed separately). */
const SCHEMAS = Object.values(import.meta.glob<Record<string, unknown>>("../../app/schemas/*.ts", { eager: true }))
  .flatMap((module) => Object.values(module))
  .filter((value): value is z.ZodTypeAny => value instanceof z.ZodType);

function allSchemaMessages(): string[] {
  const request = createRequestSchema({ today: "2026-11-23", townIds: new Set([1]), venueTowns: new Map([[1, 1]]) });
  return [
    ...new Set([
      ...SCHEMAS.flatMap((s) => messagesOf(s)),
      ...messagesOf(request, [
        "organisation",
        "contactName",
        "email",
        "phone",
        "townId",
        "venue",
        "venueName",
        "venueAddress",
        "venueCapacity",
        "kind",
        "windowFrom",
        "windowTo",
        "timeOfDay",
        "expectedAudience",
        "message",
      ]),
      ...participantMessages(),
    ]),
  ];
}

/** Every "validation.…" or "forms.error.…" key the app's code names. */
function keysInSource(): Set<string> {
  const keys = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name)) for (const m of fs.readFileSync(full, "utf8").matchAll(/"((?:validation|forms\.error)\.[a-zA-Z0-9_.]+)"/g)) keys.add(m[1]);
    }
  };
  walk(path.resolve(__dirname, "../../app"));
  return keys;
}

/** The text of a key (or of its plural "other" form) in a language. */
function textOf(locale: Locale, key: string): string | undefined {
  const node = key.split(".").reduce<unknown>((o, part) => (o && typeof o === "object" ? (o as Record<string, unknown>)[part] : undefined), resources[locale].translation);
  if (typeof node === "string") return node;
  const parent = key
    .split(".")
    .slice(0, -1)
    .reduce<unknown>((o, part) => (o && typeof o === "object" ? (o as Record<string, unknown>)[part] : undefined), resources[locale].translation);
  const other = (parent as Record<string, unknown> | undefined)?.[`${key.split(".").at(-1)}_other`];
  return typeof other === "string" ? other : undefined;
}

describe("field errors with their limits", () => {
  it("carry their values through one string and back", () => {
    expect(messageWithParams("validation.tooLong", { max: 4000 })).toBe("validation.tooLong?max=4000");
    expect(messageWithParams("validation.required")).toBe("validation.required");
    expect(readMessage("validation.numberRange?min=15&max=720")).toEqual({ key: "validation.numberRange", params: { min: 15, max: 720 } });
    expect(readMessage(messageWithParams("forms.error.unknownLanguage", { value: "Klingon & co?" }))).toEqual({
      key: "forms.error.unknownLanguage",
      params: { value: "Klingon & co?" },
    });
    expect(readMessage("account.wrongPassword")).toEqual({ key: "account.wrongPassword", params: {} });
  });

  it("take a zod limit from the schema itself", () => {
    const request = createRequestSchema({ today: "2026-11-23", townIds: new Set([1]), venueTowns: new Map() });
    const result = parseValues(request, { message: "x".repeat(4001), venueCapacity: "100000", expectedAudience: "lots" });
    expect(result.ok ? {} : result.errors).toMatchObject({
      message: "validation.tooLong?max=4000",
      venueCapacity: "validation.numberRange?min=1&max=99999",
      expectedAudience: "validation.positiveNumber",
    });
  });

  it("say the limit in the reader's language, its numbers formatted there", () => {
    const say = (locale: Locale, message: string) => translateMessage(translators[locale], message);
    expect(say("en", "validation.tooLong?max=4000")).toBe("This is too long: at most 4,000 characters.");
    expect(say("ru", "validation.tooLong?max=4000")).toBe("Слишком длинный текст: не более 4\u00a0000 символов.");
    expect(say("uk", "validation.tooLong?max=4000")).toBe("Задовгий текст: не більше 4\u00a0000 символів.");
    // Estonian groups digits from five on (CLDR and the Estonian norm): 4000, but 99 999.
    expect(say("et", "validation.tooLong?max=4000")).toBe("See on liiga pikk: kõige rohkem 4000 märki.");
    expect(say("et", "validation.numberRange?min=1&max=99999")).toBe("Palun sisesta täisarv vahemikus 1 kuni 99\u00a0999.");
    expect(say("en", "validation.numberRange?min=15&max=720")).toBe("Please enter a whole number from 15 to 720.");
    // Plural forms follow the limit.
    expect(say("ru", "validation.tooLong?max=21")).toBe("Слишком длинный текст: не более 21 символа.");
    expect(say("uk", "validation.tooLong?max=254")).toBe("Задовгий текст: не більше 254 символів.");
  });

  it("every message a schema can produce renders in all four languages with its values filled", () => {
    expect(SCHEMAS.length).toBeGreaterThanOrEqual(10);
    const messages = allSchemaMessages();
    // The fuzzing reaches the limits that matter here.
    expect(messages).toEqual(
      expect.arrayContaining(["validation.tooLong?max=4000", "validation.numberRange?min=15&max=720", "forms.error.tooMany?max=366", "forms.error.unknownLanguage?value=klingon"]),
    );

    // Every key the code names that has a placeholder must have been produced with its values.
    const produced = new Set(messages.map((m) => readMessage(m).key));
    const unfilled = [...keysInSource()].filter((key) => LOCALES.some((l) => textOf(l, key)?.includes("{{")) && !produced.has(key));
    expect(unfilled, "keys with {{placeholders}} no schema was seen to fill").toEqual([]);

    const problems: string[] = [];
    const plainKeys = [...keysInSource()].filter((key) => !LOCALES.some((l) => textOf(l, key)?.includes("{{")));
    for (const message of [...messages, ...plainKeys]) {
      const { key, params } = readMessage(message);
      for (const locale of LOCALES) {
        // i18next leaves a missing value empty, so the text's own placeholders are checked against what came.
        const wanted = [...(textOf(locale, key) ?? "").matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]);
        for (const name of wanted) if (!(name in params)) problems.push(`${locale} ${message}: no ${name}`);
        const text = translateMessage(translators[locale], message);
        if (text === readMessage(message).key || text.includes("{{")) problems.push(`${locale} ${message}: ${text}`);
        for (const value of Object.values(params)) {
          const shown = typeof value === "number" ? new Intl.NumberFormat(locale).format(value) : value;
          if (!text.includes(shown)) problems.push(`${locale} ${message}: ${text} (without ${shown})`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
