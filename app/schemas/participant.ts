/**
 * One schema for everything a participant tells us, used by /join, the private edit page and the
 * CSV import, so a value refused in one place is refused in all of them. Messages are i18n keys.
 */
import { z } from "zod";

import { GENDERS } from "~/domain/participants/consent";
import { languageCodeOf } from "~/domain/languages";
import { isCountryCode } from "~/domain/participants/countries";
import { isLocalDate } from "~/domain/schedule";
import { isOneOf, LANGUAGE_LEVELS, LOCALES, OFFERS, TIMES_OF_DAY, type LanguageLevel, type Locale, type Offer, type TimeOfDay } from "~/domain/vocabulary";
import { formFields } from "~/utils/forms";

export type TownRef = { id: number; slug: string; name: string };

/**
 * join: consent box required; edit: consent already given; import: consent_at required (the
 * organisation states it holds the person's consent).
 */
export type ParticipantMode = "join" | "edit" | "import";

/** The plain values a form or a CSV row is turned into before validation. */
export type ParticipantValues = {
  first_name?: string;
  last_name?: string;
  email?: string;
  phone?: string;
  home_town?: string;
  preferred_locale?: string;
  languages?: { code: string; level: string }[];
  offers?: { offer: string; description?: string }[];
  max_travel_minutes?: string;
  monthly_cap?: string;
  weekdays?: string[];
  times_of_day?: string[];
  unavailable_dates?: string[];
  needs_childcare?: boolean;
  needs_step_free?: boolean;
  dietary?: string;
  country_of_origin?: string;
  gender?: string;
  /** Opt-in: the first name may appear on public event pages. */
  show_first_name?: boolean;
  consent?: string;
  consent_at?: string;
};

/** What the schema gives back: clean, typed, ready to store. */
export type ParticipantData = {
  firstName: string;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  homeTownId: number;
  preferredLocale: Locale;
  languages: { code: string; level: LanguageLevel }[];
  offers: { offer: Offer; description: string | null }[];
  maxTravelMinutes: number;
  monthlyCap: number;
  weekdays: number[];
  timesOfDay: TimeOfDay[];
  unavailableDates: string[];
  needsChildcare: boolean;
  needsStepFree: boolean;
  dietary: string | null;
  countryOfOrigin: string | null;
  gender: string | null;
  /** Off unless the person ticks it: public event pages then show their first name. */
  showFirstName: boolean;
  /** join: the moment of sign-up; import: the stated consent time; edit: null (unchanged). */
  consentAt: string | null;
};

export const TRAVEL_LIMITS = { min: 15, max: 720 } as const;
export const MONTHLY_CAP_LIMITS = { min: 1, max: 31 } as const;
export const DEFAULT_MONTHLY_CAP = 2;

const PHONE = /^\+?[0-9][0-9 ()-]{4,22}[0-9]$/;

const text = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? "")
    .refine((v) => v.length <= max, { message: "validation.tooLong", params: { max } });

const wholeNumber = (limits: { min: number; max: number }, fallback?: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const raw = v?.trim() ?? "";
      if (raw === "" && fallback !== undefined) return fallback;
      if (raw === "") {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "validation.required" });
        return z.NEVER;
      }
      // Not a whole number, or out of range: either way the message says which numbers fit.
      const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
      if (!(n >= limits.min && n <= limits.max)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "validation.numberRange", params: { min: limits.min, max: limits.max } });
        return z.NEVER;
      }
      return n;
    });

/** Lower-case ASCII without accents, so "Kärdla", "KARDLA" and "kardla" find the same town. */
export function townKey(value: string): string {
  return value.normalize("NFKD").replace(/\p{M}/gu, "").trim().toLowerCase().replace(/\s+/g, "-");
}

/** Builds the schema for one mode; `towns` are the known home towns, `now` stamps the consent. */
export function participantSchema(options: { towns: TownRef[]; mode: ParticipantMode; now: string }) {
  const townByKey = new Map<string, TownRef>();
  for (const town of options.towns) {
    townByKey.set(town.slug, town);
    townByKey.set(townKey(town.name), town);
  }

  return z
    .object({
      first_name: text(80).refine((v) => v.length > 0, "validation.required"),
      last_name: text(80),
      email: text(254)
        .transform((v) => v.toLowerCase())
        .refine((v) => v === "" || z.string().email().safeParse(v).success, "validation.email"),
      phone: text(30).refine((v) => v === "" || PHONE.test(v), "validation.phone"),
      home_town: text(120).transform((v, ctx) => {
        if (v === "") {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "validation.required" });
          return z.NEVER;
        }
        const town = townByKey.get(v) ?? townByKey.get(townKey(v));
        if (!town) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "validation.unknownChoice" });
          return z.NEVER;
        }
        return town.id;
      }),
      preferred_locale: z
        .string()
        .optional()
        .transform((v) => v?.trim() || "et")
        .refine((v): v is Locale => isOneOf(LOCALES, v), "validation.unknownChoice"),
      languages: z
        .array(
          z.object({
            code: z.string(),
            level: z
              .string()
              .transform((v) => v.trim().toLowerCase())
              .refine((v): v is LanguageLevel => isOneOf(LANGUAGE_LEVELS, v), "validation.unknownChoice"),
          }),
        )
        .default([])
        // Any ISO 639-1 language, given by code or by name; the message repeats what was typed.
        .superRefine((rows, ctx) =>
          rows.forEach((row, i) => {
            if (languageCodeOf(row.code) !== null) return;
            const typed = row.code.trim().slice(0, 40);
            const message = typed === "" ? "forms.error.chooseLanguage" : "forms.error.unknownLanguage";
            ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, "code"], message, params: { value: typed } });
          }),
        )
        .transform((rows) => rows.map((row) => ({ code: languageCodeOf(row.code) as string, level: row.level })))
        .refine((v) => v.length > 0, "validation.atLeastOne")
        .refine((v) => new Set(v.map((l) => l.code)).size === v.length, "validation.duplicate"),
      offers: z
        .array(
          z.object({
            offer: z
              .string()
              .transform((v) => v.trim().toLowerCase())
              .refine((v): v is Offer => isOneOf(OFFERS, v), "validation.unknownChoice"),
            description: text(300).transform((v) => v || null),
          }),
        )
        .default([])
        .refine((v) => v.length > 0, "validation.atLeastOne")
        .refine((v) => new Set(v.map((o) => o.offer)).size === v.length, "validation.duplicate"),
      max_travel_minutes: wholeNumber(TRAVEL_LIMITS),
      monthly_cap: wholeNumber(MONTHLY_CAP_LIMITS, DEFAULT_MONTHLY_CAP),
      weekdays: z
        .array(z.string().refine((v) => /^[0-6]$/.test(v.trim()), "validation.unknownChoice"))
        .default([])
        .transform((v) => [...new Set(v.map((d) => Number(d.trim())))].sort((a, b) => a - b))
        .refine((v) => v.length > 0, "validation.atLeastOne"),
      times_of_day: z
        .array(
          z
            .string()
            .transform((v) => v.trim().toLowerCase())
            .refine((v): v is TimeOfDay => isOneOf(TIMES_OF_DAY, v), "validation.unknownChoice"),
        )
        .default([])
        .transform((v) => TIMES_OF_DAY.filter((t) => v.includes(t)))
        .refine((v) => v.length > 0, "validation.atLeastOne"),
      unavailable_dates: z
        .array(
          z
            .string()
            .transform((v) => v.trim())
            .refine(isLocalDate, "validation.date"),
        )
        .max(366, "forms.error.tooMany")
        .default([])
        .transform((v) => [...new Set(v)].sort()),
      needs_childcare: z.boolean().default(false),
      needs_step_free: z.boolean().default(false),
      dietary: text(200),
      country_of_origin: text(60)
        .transform((v) => v.toUpperCase())
        .refine((v) => v === "" || isCountryCode(v), "validation.unknownChoice"),
      gender: text(20)
        .transform((v) => v.toLowerCase())
        .refine((v) => v === "" || isOneOf(GENDERS, v), "validation.unknownChoice"),
      show_first_name: z.boolean().default(false),
      consent: z.string().optional(),
      consent_at: z.string().optional(),
    })
    .superRefine((v, ctx) => {
      if (v.email === "" && v.phone === "") {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["email"], message: "validation.contactRequired" });
      }
      if (options.mode === "join" && !["on", "yes", "true", "1"].includes((v.consent ?? "").trim().toLowerCase())) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["consent"], message: "validation.mustAgree" });
      }
      if (options.mode === "import") {
        const at = parseConsentAt(v.consent_at);
        if (at === "missing") ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["consent_at"], message: "validation.required" });
        else if (at === "invalid") ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["consent_at"], message: "validation.date" });
        else if (at > options.now) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["consent_at"], message: "validation.notInFuture" });
      }
    })
    .transform((v): ParticipantData => {
      const consentAt = options.mode === "join" ? options.now : options.mode === "import" ? (parseConsentAt(v.consent_at) as string) : null;
      return {
        firstName: v.first_name,
        lastName: v.last_name || null,
        email: v.email || null,
        phone: v.phone || null,
        homeTownId: v.home_town,
        preferredLocale: v.preferred_locale as Locale,
        languages: v.languages as ParticipantData["languages"],
        offers: v.offers as ParticipantData["offers"],
        maxTravelMinutes: v.max_travel_minutes,
        monthlyCap: v.monthly_cap,
        weekdays: v.weekdays,
        timesOfDay: v.times_of_day as TimeOfDay[],
        unavailableDates: v.unavailable_dates,
        needsChildcare: v.needs_childcare,
        needsStepFree: v.needs_step_free,
        dietary: v.dietary || null,
        countryOfOrigin: v.country_of_origin || null,
        gender: v.gender || null,
        showFirstName: v.show_first_name,
        consentAt,
      };
    });
}

/** A consent time as UTC ISO: "YYYY-MM-DD" (taken as midnight UTC) or a full ISO-8601 instant. */
function parseConsentAt(value: string | undefined): string | "missing" | "invalid" {
  const raw = value?.trim() ?? "";
  if (raw === "") return "missing";
  if (isLocalDate(raw)) return `${raw}T00:00:00.000Z`;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw)) return "invalid";
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? "invalid" : date.toISOString();
}

const TRUE = new Set(["on", "yes", "true", "1"]);

/**
 * The participant form's fields as schema values. Languages come as pairs of `lang_code` and
 * `lang_level` (rows left empty are ignored); offers as `offers` checkboxes with an
 * `offer_description_<offer>` text each.
 */
export function participantFormValues(form: FormData): ParticipantValues {
  // One pass over the form: a lookup per offer through FormData.get scanned the whole form each time.
  const fields = formFields(form);
  const one = (name: string) => fields.get(name)?.[0];
  const all = (name: string) => fields.get(name) ?? [];
  const codes = all("lang_code");
  const levels = all("lang_level");
  const languages: { code: string; level: string }[] = [];
  for (let i = 0; i < Math.max(codes.length, levels.length); i += 1) {
    const code = (codes[i] ?? "").trim();
    const level = (levels[i] ?? "").trim();
    if (code || level) languages.push({ code, level });
  }
  return {
    first_name: one("first_name"),
    last_name: one("last_name"),
    email: one("email"),
    phone: one("phone"),
    home_town: one("home_town"),
    preferred_locale: one("preferred_locale"),
    languages,
    offers: all("offers").map((offer) => ({ offer, description: one(`offer_description_${offer}`) })),
    max_travel_minutes: one("max_travel_minutes"),
    monthly_cap: one("monthly_cap"),
    weekdays: all("weekdays"),
    times_of_day: all("times_of_day"),
    unavailable_dates: all("unavailable_dates").filter((d) => d.trim() !== ""),
    needs_childcare: TRUE.has(one("needs_childcare") ?? ""),
    needs_step_free: TRUE.has(one("needs_step_free") ?? ""),
    dietary: one("dietary"),
    country_of_origin: one("country_of_origin"),
    gender: one("gender"),
    show_first_name: TRUE.has(one("show_first_name") ?? ""),
    consent: one("consent"),
  };
}

/** Pausing: no invitations until a date (empty = not paused). */
export const PauseSchema = z.object({
  paused_until: z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? "")
    .refine((v) => v === "" || isLocalDate(v), "validation.date")
    .transform((v) => v || null),
});

/** An answer to an invitation, with an optional reason. */
export const InvitationAnswerSchema = z.object({
  assignment_id: z
    .string({ required_error: "validation.required" })
    .regex(/^\d{1,12}$/, "validation.invalid")
    .transform(Number),
  reason: z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? "")
    .refine((v) => v.length <= 500, { message: "validation.tooLong", params: { max: 500 } })
    .transform((v) => v || null),
});
