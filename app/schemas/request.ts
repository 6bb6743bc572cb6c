/**
 * The host's event request form, validated by the same schema in the browser (before sending)
 * and on the server (before storing). Messages are i18n keys.
 *
 * Every field parses to a "dirty" rather than an aborted result, so zod still runs the
 * cross-field checks (window, new place) and the host sees every problem at once.
 */
import { z } from "zod";

import { isLocalDate } from "~/domain/schedule/local-time";
import { EVENT_KINDS, isOneOf, LANGUAGES, OFFERS, TIMES_OF_DAY, type Language } from "~/domain/vocabulary";

/** Offers a host can wish for (interpreting is ours to arrange, not theirs to ask for). */
export const REQUEST_WISHES = OFFERS.filter((o) => o !== "interpreting");

/** Languages offered as "local languages" in the form: the ones spoken in Estonian towns first. */
export const REQUEST_LANGUAGES: readonly Language[] = ["et", "ru", "en", "uk", "fi", "de"];

/** The form value of the venue select that means "a place not in the list yet". */
export const NEW_VENUE = "new";

/** What the schema needs to know about the world: today's date and which towns and venues exist. */
export type RequestSchemaContext = {
  /** Tallinn local date "YYYY-MM-DD". */
  today: string;
  townIds: ReadonlySet<number>;
  /** venue id → its town id */
  venueTowns: ReadonlyMap<number, number>;
};

const text = (max: number) => z.preprocess((v) => (typeof v === "string" ? v : ""), z.string().trim().max(max, "validation.tooLong"));
const required = (max: number) => text(max).pipe(z.string().min(1, "validation.required"));
const list = z.preprocess((v) => (Array.isArray(v) ? v : typeof v === "string" ? [v] : []), z.array(z.string()));
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === "1", z.boolean());

/** The largest audience or capacity a host can state. */
const MAX_COUNT = 99_999;

/** "" → null, a whole number from 1 to MAX_COUNT → the number, anything else an error. */
const optionalCount = text(10).superRefine((v, ctx) => {
  if (v === "" || /^[1-9]\d{0,4}$/.test(v)) return;
  // A larger number is told the range; anything else that it must be a whole number above zero.
  if (/^\d+$/.test(v) && Number(v) > MAX_COUNT) ctx.addIssue({ code: "custom", message: "validation.numberRange", params: { min: 1, max: MAX_COUNT } });
  else ctx.addIssue({ code: "custom", message: "validation.positiveNumber" });
});

function idOf(value: string): number | null {
  return /^[1-9]\d{0,9}$/.test(value) ? Number(value) : null;
}

/** The same calendar day one year later ("2027-02-29" compares correctly as a string). */
function oneYearAfter(localDate: string): string {
  return `${Number(localDate.slice(0, 4)) + 1}${localDate.slice(4)}`;
}

/** The request schema for a given day and set of towns/venues. */
export function createRequestSchema(context: RequestSchemaContext) {
  return z
    .object({
      organisation: required(200),
      contactName: required(200),
      email: required(254).pipe(z.string().email("validation.email")),
      phone: text(50),
      townId: text(12),
      venue: text(12),
      venueName: text(200),
      venueAddress: text(300),
      venueCapacity: optionalCount,
      venueStepFree: checkbox,
      venueChildFriendly: checkbox,
      kind: text(40),
      windowFrom: text(10),
      windowTo: text(10),
      weekdays: list,
      timeOfDay: text(20),
      expectedAudience: optionalCount,
      localLanguages: list,
      wishes: list,
      message: text(4000),
    })
    .superRefine((form, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });

      const townId = idOf(form.townId);
      if (form.townId === "") issue("townId", "validation.required");
      else if (townId === null || !context.townIds.has(townId)) issue("townId", "validation.unknownChoice");

      if (form.venue === "") issue("venue", "validation.required");
      else if (form.venue !== NEW_VENUE) {
        const venueId = idOf(form.venue);
        const venueTown = venueId === null ? undefined : context.venueTowns.get(venueId);
        // A place must be in the town asked for; without JS the list shows every town's places.
        if (venueTown === undefined || (townId !== null && venueTown !== townId)) issue("venue", "validation.unknownChoice");
      } else {
        if (form.venueName === "") issue("venueName", "validation.required");
        if (form.venueAddress === "") issue("venueAddress", "validation.required");
      }

      if (form.kind === "") issue("kind", "validation.required");
      else if (!isOneOf(EVENT_KINDS, form.kind)) issue("kind", "validation.unknownChoice");

      const fromOk = checkDate(form.windowFrom, "windowFrom");
      const toOk = checkDate(form.windowTo, "windowTo");
      if (fromOk && form.windowFrom < context.today) issue("windowFrom", "validation.dateInPast");
      if (toOk && form.windowTo < context.today) issue("windowTo", "validation.dateInPast");
      else if (fromOk && toOk && form.windowTo < form.windowFrom) issue("windowTo", "validation.dateOrder");
      else if (fromOk && toOk && form.windowTo > oneYearAfter(form.windowFrom)) issue("windowTo", "validation.periodTooLong");

      if (form.weekdays.some((d) => !/^[0-6]$/.test(d))) issue("weekdays", "validation.unknownChoice");
      if (form.timeOfDay !== "" && !isOneOf(TIMES_OF_DAY, form.timeOfDay)) issue("timeOfDay", "validation.unknownChoice");
      if (form.localLanguages.some((l) => !isOneOf(LANGUAGES, l))) issue("localLanguages", "validation.unknownChoice");
      if (form.wishes.some((w) => !isOneOf(REQUEST_WISHES, w))) issue("wishes", "validation.unknownChoice");

      function checkDate(value: string, path: string): boolean {
        if (value === "") issue(path, "validation.required");
        else if (!isLocalDate(value)) issue(path, "validation.date");
        else return true;
        return false;
      }
    })
    .transform((form, ctx) => {
      // Checked above (a transform runs only on a valid form); said again so the type is the set's.
      if (!isOneOf(EVENT_KINDS, form.kind)) {
        ctx.addIssue({ code: "custom", path: ["kind"], message: "validation.unknownChoice" });
        return z.NEVER;
      }
      const isNew = form.venue === NEW_VENUE;
      return {
        organisation: form.organisation,
        contactName: form.contactName,
        email: form.email.toLowerCase(),
        phone: form.phone || null,
        townId: Number(form.townId),
        venueId: isNew ? null : Number(form.venue),
        newVenue: isNew
          ? {
              name: form.venueName,
              address: form.venueAddress,
              capacity: form.venueCapacity ? Number(form.venueCapacity) : null,
              stepFree: form.venueStepFree,
              childFriendly: form.venueChildFriendly,
            }
          : null,
        kind: form.kind,
        windowFrom: form.windowFrom,
        windowTo: form.windowTo,
        weekdays: [...new Set(form.weekdays.map(Number))].sort((a, b) => a - b),
        timeOfDay: isOneOf(TIMES_OF_DAY, form.timeOfDay) ? form.timeOfDay : null,
        expectedAudience: form.expectedAudience ? Number(form.expectedAudience) : null,
        localLanguages: [...new Set(form.localLanguages)].filter((l): l is Language => isOneOf(LANGUAGES, l)),
        wishes: REQUEST_WISHES.filter((w) => form.wishes.includes(w)),
        message: form.message || null,
      };
    });
}

/** A valid request as the model stores it. */
export type RequestInput = z.output<ReturnType<typeof createRequestSchema>>;

/** Form fields that repeat (checkbox groups), for parseForm. */
export const REQUEST_ARRAY_FIELDS = ["weekdays", "localLanguages", "wishes"] as const;
