/** The words of the domain (kinds, states, offers, roles…) as closed sets, shared by the database CHECKs, forms and the domain. */

export const TIME_ZONE = "Europe/Tallinn";

/** Whether a value (a query parameter, a stored text) is one of a closed set's words, typed as that set's word. */
export function isOneOf<T extends readonly string[]>(set: T, value: unknown): value is T[number] {
  return typeof value === "string" && set.some((word) => word === value);
}

export const LOCALES = ["et", "en", "ru", "uk"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "et";

export const OFFERS = ["crafts", "food", "story", "music", "workshop", "language_cafe", "interpreting"] as const;
export type Offer = (typeof OFFERS)[number];

export const EVENT_KINDS = ["community_event", "cosy_corner", "forum"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_STATES = ["draft", "planned", "confirmed", "completed", "cancelled"] as const;
export type EventState = (typeof EVENT_STATES)[number];

export const REQUEST_STATES = ["new", "accepted", "declined", "withdrawn"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const ASSIGNMENT_STATES = ["proposed", "invited", "accepted", "declined", "attended", "no_show", "withdrawn"] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

export const LANGUAGE_LEVELS = ["native", "fluent", "conversational", "basic"] as const;
export type LanguageLevel = (typeof LANGUAGE_LEVELS)[number];

/**
 * The common languages: event languages, and the quick choices of the participant form (plus "prs",
 * Dari, which has no 639-1 code). A participant may give any other ISO 639-1 language (languages.ts).
 */
export const LANGUAGES = ["et", "en", "ru", "uk", "ar", "fa", "prs", "ps", "ti", "so", "tr", "es", "fr", "de", "fi", "be", "ku", "am", "ka"] as const;
export type Language = (typeof LANGUAGES)[number];

export const TIMES_OF_DAY = ["morning", "afternoon", "evening"] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

/**
 * The days of the week as stored and as JavaScript's getUTCDay() counts them (0 = Sunday … 6 =
 * Saturday), in the order people in Estonia read a week: Monday first. Every weekday list and
 * choice uses this one; the names are translations (`participantForm.weekday.<n>`,
 * `request.weekday.<n>`) or weekdayName() in utils/dates.ts.
 */
export const WEEKDAYS_MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0] as const;

export const NEEDS = ["childcare", "step_free", "dietary"] as const;
export type Need = (typeof NEEDS)[number];

export const VENUE_TYPES = ["cafe", "library", "community_centre", "school", "other"] as const;
export type VenueType = (typeof VENUE_TYPES)[number];

export const FEEDBACK_AUTHORS = ["host", "participant", "local"] as const;
export type FeedbackAuthor = (typeof FEEDBACK_AUTHORS)[number];

export const CLAIM_STATES = ["submitted", "approved", "paid", "rejected"] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];

export const USER_ROLES = ["admin", "coordinator"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const TOKEN_PURPOSES = ["host_request", "participant", "coordinator_feed"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** Who an event or series is for: a hard rule for matching (women: gender "female"; families: brings children). */
export const AUDIENCES = ["everyone", "women", "families"] as const;
export type Audience = (typeof AUDIENCES)[number];

export const SERIES_FREQUENCIES = ["weekly", "biweekly", "monthly"] as const;
export type SeriesFrequency = (typeof SERIES_FREQUENCIES)[number];

export const LANDMASSES = ["mainland", "saaremaa", "hiiumaa", "kihnu", "vormsi", "ruhnu", "manilaid", "abruka", "piirissaar"] as const;
export type Landmass = (typeof LANDMASSES)[number];
