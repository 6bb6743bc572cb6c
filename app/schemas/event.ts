import { z } from "zod";

import { parseLocalizedText } from "~/domain/localizedText";
import { formatMinutes, isLocalDate, isLocalTime, localDateOf, localMinutesOf, zonedInstant } from "~/domain/schedule";
import { AUDIENCES, EVENT_KINDS, LANGUAGES, LOCALES, OFFERS, type Offer } from "~/domain/vocabulary";
import { parseStringArray } from "~/utils/json";
import { ID_PATTERN } from "~/utils/params";

const MAX_SLOTS_PER_OFFER = 10;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "validation.tooLong")
    .optional()
    .transform((v) => (v ? v : undefined));

const optionalCount = (max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "validation.numberRange", params: { min: 1, max } });
        return z.NEVER;
      }
      return n;
    });

const slotCount = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return 0;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > MAX_SLOTS_PER_OFFER) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "validation.numberRange", params: { min: 0, max: MAX_SLOTS_PER_OFFER } });
      return z.NEVER;
    }
    return n;
  });

const localDate = z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").refine(isLocalDate, "validation.date");
const localTime = z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").refine(isLocalTime, "validation.time");

/** Title and description in any of the four languages; at least one title. */
const texts = Object.fromEntries(
  LOCALES.flatMap((l) => [
    [`title_${l}`, optionalText(200)],
    [`description_${l}`, optionalText(5000)],
  ]),
) as Record<`title_${(typeof LOCALES)[number]}` | `description_${(typeof LOCALES)[number]}`, ReturnType<typeof optionalText>>;

const slotFields = Object.fromEntries([...OFFERS.map((o) => [`slot_${o}`, slotCount]), ["slot_any", slotCount]]) as Record<`slot_${Offer}` | "slot_any", typeof slotCount>;

/** The coordinator's event form: local Tallinn date and times in, UTC instants out. */
export const EventFormSchema = z
  .object({
    kind: z.enum(EVENT_KINDS, { errorMap: () => ({ message: "validation.choose" }) }),
    venueId: z.coerce.number({ invalid_type_error: "validation.choose" }).int().positive("validation.choose").max(Number.MAX_SAFE_INTEGER, "validation.choose"),
    date: localDate,
    startTime: localTime,
    endTime: localTime,
    capacity: optionalCount(5000),
    expectedAudience: optionalCount(5000),
    languages: z.array(z.enum(LANGUAGES, { errorMap: () => ({ message: "validation.invalid" }) })).max(LANGUAGES.length),
    isPublic: z.literal("on").optional(),
    overnightStay: z.literal("on").optional(),
    audience: z.enum(AUDIENCES, { errorMap: () => ({ message: "validation.choose" }) }).default("everyone"),
    topic: optionalText(300),
    ...texts,
    ...slotFields,
  })
  .superRefine((value, ctx) => {
    if (!LOCALES.some((l) => value[`title_${l}`])) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["title_et"], message: "validation.titleRequired" });
    if (value.startTime >= value.endTime) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["endTime"], message: "validation.endAfterStart" });
    if (value.kind === "forum" && !value.topic) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["topic"], message: "validation.required" });
  })
  .transform((value) => {
    const slots: (Offer | null)[] = [];
    for (const offer of OFFERS) for (let i = 0; i < (value[`slot_${offer}`] as number); i++) slots.push(offer);
    for (let i = 0; i < (value.slot_any as number); i++) slots.push(null);
    return {
      kind: value.kind,
      venueId: value.venueId,
      localDate: value.date,
      startsAt: zonedInstant(value.date, value.startTime).toISOString(),
      endsAt: zonedInstant(value.date, value.endTime).toISOString(),
      capacity: value.capacity,
      expectedAudience: value.expectedAudience,
      languages: value.languages,
      isPublic: value.isPublic === "on",
      overnightStay: value.overnightStay === "on",
      audience: value.audience,
      topic: value.kind === "forum" ? (value.topic ?? null) : null,
      title: Object.fromEntries(LOCALES.flatMap((l) => (value[`title_${l}`] ? [[l, value[`title_${l}`]]] : []))),
      description: Object.fromEntries(LOCALES.flatMap((l) => (value[`description_${l}`] ? [[l, value[`description_${l}`]]] : []))),
      slots,
    };
  });

export type EventFormData = z.output<typeof EventFormSchema>;
/** Names of repeated fields in the event form. */
export const EVENT_FORM_ARRAYS = ["languages"] as const;

export const ForumOutcomeSchema = z.object({
  outcomeSaid: optionalText(5000),
  outcomeDone: optionalText(5000),
});

export const TransitionSchema = z.object({
  to: z.enum(["draft", "planned", "confirmed", "completed", "cancelled"], { errorMap: () => ({ message: "validation.invalid" }) }),
  reason: optionalText(1000),
});

/** "Told by phone" on the event page: which of its messages (one nobody could mail) a coordinator passed on. */
export const ToldSchema = z.object({
  messageId: z.string({ required_error: "validation.invalid", invalid_type_error: "validation.invalid" }).regex(ID_PATTERN, "validation.invalid").transform(Number),
});

/** A saved event as the form's field values (local Tallinn date and times). */
export function toEventFormValues(
  event: {
    kind: string;
    title: string;
    description: string;
    venue_id: number;
    starts_at: string;
    ends_at: string;
    capacity: number | null;
    expected_audience: number | null;
    languages: string;
    is_public: number;
    overnight_stay: number;
    topic: string | null;
    audience: string;
  },
  slots: { offer: Offer | null }[],
): Record<string, string | string[]> {
  const title = parseLocalizedText(event.title);
  const description = parseLocalizedText(event.description);
  const values: Record<string, string | string[]> = {
    kind: event.kind,
    venueId: String(event.venue_id),
    date: localDateOf(event.starts_at),
    startTime: formatMinutes(localMinutesOf(event.starts_at)),
    endTime: formatMinutes(localMinutesOf(event.ends_at)),
    capacity: event.capacity?.toString() ?? "",
    expectedAudience: event.expected_audience?.toString() ?? "",
    languages: parseStringArray(event.languages),
    topic: event.topic ?? "",
    audience: event.audience,
  };
  if (event.is_public) values.isPublic = "on";
  if (event.overnight_stay) values.overnightStay = "on";
  for (const l of LOCALES) {
    values[`title_${l}`] = title[l] ?? "";
    values[`description_${l}`] = description[l] ?? "";
  }
  for (const offer of [...OFFERS, null]) values[`slot_${offer ?? "any"}`] = String(slots.filter((s) => s.offer === offer).length);
  return values;
}
