import { z } from "zod";

import { parseLocalizedText } from "~/domain/localizedText";
import { isLocalDate, isLocalTime, validateRule, type SeriesRule } from "~/domain/schedule";
import { AUDIENCES, LANGUAGES, LOCALES, OFFERS, type Offer } from "~/domain/vocabulary";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "validation.tooLong")
    .optional()
    .transform((v) => (v ? v : undefined));

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "validation.numberRange", params: { min, max } });
        return z.NEVER;
      }
      return n;
    });

const texts = Object.fromEntries(
  LOCALES.flatMap((l) => [
    [`title_${l}`, optionalText(200)],
    [`description_${l}`, optionalText(5000)],
  ]),
) as Record<`title_${(typeof LOCALES)[number]}` | `description_${(typeof LOCALES)[number]}`, ReturnType<typeof optionalText>>;

const slotFields = Object.fromEntries([...OFFERS, "any"].map((o) => [`slot_${o}`, integer(0, 10)])) as Record<`slot_${Offer}` | "slot_any", ReturnType<typeof integer>>;

/** Rule errors from the domain, shown next to the field they are about. */
const RULE_FIELD: Partial<Record<keyof SeriesRule, string>> = {
  startDate: "startDate",
  startTime: "startTime",
  durationMinutes: "durationMinutes",
  until: "until",
  count: "count",
  monthlyWeek: "monthlyWeek",
  monthlyWeekday: "monthlyWeek",
  frequency: "frequency",
};

/** The cosy-corner series form: a venue, a rule in local Tallinn time, texts and the slots every session gets. */
export const SeriesFormSchema = z
  .object({
    venueId: z.coerce.number({ invalid_type_error: "validation.choose" }).int().positive("validation.choose").max(Number.MAX_SAFE_INTEGER, "validation.choose"),
    frequency: z.enum(["weekly", "biweekly", "monthly"], { errorMap: () => ({ message: "validation.choose" }) }),
    startDate: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").refine(isLocalDate, "validation.date"),
    monthlyWeek: z
      .enum(["", "1", "2", "3", "4", "-1"], { errorMap: () => ({ message: "validation.choose" }) })
      .optional()
      .transform((v) => (v ? (Number(v) as 1 | 2 | 3 | 4 | -1) : undefined)),
    startTime: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").refine(isLocalTime, "validation.time"),
    durationMinutes: integer(15, 720).refine((v) => v !== null, "validation.required"),
    endType: z.enum(["count", "until"], { errorMap: () => ({ message: "validation.choose" }) }),
    count: integer(1, 200),
    until: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || isLocalDate(v), "validation.date"),
    capacity: integer(1, 5000),
    languages: z.array(z.enum(LANGUAGES, { errorMap: () => ({ message: "validation.invalid" }) })),
    isPublic: z.literal("on").optional(),
    audience: z.enum(AUDIENCES, { errorMap: () => ({ message: "validation.choose" }) }).default("everyone"),
    sessionState: z.enum(["draft", "planned"], { errorMap: () => ({ message: "validation.choose" }) }).default("draft"),
    ...texts,
    ...slotFields,
  })
  .transform((value, ctx) => {
    const rule: SeriesRule = {
      frequency: value.frequency,
      startDate: value.startDate,
      monthlyWeek: value.frequency === "monthly" ? value.monthlyWeek : undefined,
      startTime: value.startTime,
      durationMinutes: value.durationMinutes ?? 0,
      count: value.endType === "count" ? value.count : null,
      until: value.endType === "until" ? value.until || null : null,
    };
    if (!LOCALES.some((l) => value[`title_${l}`])) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["title_et"], message: "validation.titleRequired" });
    if (value.endType === "count" && value.count === null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["count"], message: "validation.required" });
    if (value.endType === "until" && !value.until) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["until"], message: "validation.required" });
    const check = validateRule(rule);
    if (!check.ok) {
      for (const error of check.errors) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [RULE_FIELD[error.field] ?? "startDate"], message: `validation.rule.${error.code}` });
      }
    }
    const slots: (Offer | null)[] = [];
    for (const offer of OFFERS) for (let i = 0; i < (value[`slot_${offer}`] ?? 0); i++) slots.push(offer);
    for (let i = 0; i < (value.slot_any ?? 0); i++) slots.push(null);
    return {
      venueId: value.venueId,
      rule,
      capacity: value.capacity,
      languages: value.languages,
      isPublic: value.isPublic === "on",
      audience: value.audience,
      sessionState: value.sessionState,
      title: Object.fromEntries(LOCALES.flatMap((l) => (value[`title_${l}`] ? [[l, value[`title_${l}`]]] : []))),
      description: Object.fromEntries(LOCALES.flatMap((l) => (value[`description_${l}`] ? [[l, value[`description_${l}`]]] : []))),
      slots,
    };
  });

export type SeriesFormData = z.output<typeof SeriesFormSchema>;
export const SERIES_FORM_ARRAYS = ["languages"] as const;

/** A stored series as the form's field values. */
export function toSeriesFormValues(series: {
  venue_id: number;
  frequency: string;
  start_date: string;
  monthly_week: number | null;
  start_time: string;
  duration_minutes: number;
  until_date: string | null;
  session_count: number | null;
  capacity: number | null;
  languages: string;
  slot_offers: string;
  is_public: number;
  audience: string;
  titleJson: Partial<Record<(typeof LOCALES)[number], string>>;
  description: string;
}): Record<string, string | string[]> {
  const description = parseLocalizedText(series.description);
  const slots = JSON.parse(series.slot_offers) as (Offer | null)[];
  const values: Record<string, string | string[]> = {
    venueId: String(series.venue_id),
    frequency: series.frequency,
    startDate: series.start_date,
    monthlyWeek: series.monthly_week?.toString() ?? "",
    startTime: series.start_time,
    durationMinutes: String(series.duration_minutes),
    endType: series.until_date ? "until" : "count",
    count: series.session_count?.toString() ?? "",
    until: series.until_date ?? "",
    capacity: series.capacity?.toString() ?? "",
    languages: JSON.parse(series.languages) as string[],
    audience: series.audience,
  };
  if (series.is_public) values.isPublic = "on";
  for (const l of LOCALES) {
    values[`title_${l}`] = series.titleJson[l] ?? "";
    values[`description_${l}`] = description[l] ?? "";
  }
  for (const offer of [...OFFERS, null]) values[`slot_${offer ?? "any"}`] = String(slots.filter((s) => s === offer).length);
  return values;
}
