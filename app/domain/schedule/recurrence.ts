/**
 * Cosy-corner series: a recurrence rule with RRULE semantics, expanded by hand.
 *
 * Dates are worked out on Tallinn's calendar first and only then turned into UTC instants, so a
 * 17:00 session stays at 17:00 local time across DST changes (its UTC hour moves instead).
 */
import { addMonths, addWeeks, getDay, lastDayOfMonth, setDate, startOfMonth } from "date-fns";
import { isOneOf, SERIES_FREQUENCIES } from "~/domain/vocabulary";
import { formatLocalDate, isLocalDate, isLocalTime, localDay, zonedInstant } from "./local-time";

export type MonthlyWeek = 1 | 2 | 3 | 4 | -1;

export type SeriesRule = {
  frequency: "weekly" | "biweekly" | "monthly";
  /** first session's local date, "YYYY-MM-DD" in Europe/Tallinn; weekly/biweekly repeat its weekday */
  startDate: string;
  /** monthly only: n-th weekday of the month, 1..4 or -1 for last. Defaults derived from startDate */
  monthlyWeek?: MonthlyWeek;
  /** monthly only: 0=Sunday..6=Saturday. Defaults to startDate's weekday */
  monthlyWeekday?: number;
  /** "HH:MM" local Tallinn */
  startTime: string;
  durationMinutes: number;
  /** local date, inclusive */
  until?: string | null;
  /** number of sessions; exactly one of until/count is set */
  count?: number | null;
};

export type Occurrence = {
  /** 0-based position in the series */
  index: number;
  /** Tallinn local date of the session */
  localDate: string;
  /** UTC ISO */
  startsAt: string;
  /** UTC ISO; may fall on the next day for sessions that run past midnight */
  endsAt: string;
};

export type RuleError = { field: keyof SeriesRule; code: RuleErrorCode };
export type RuleErrorCode =
  | "bad_frequency"
  | "bad_date"
  | "bad_time"
  | "duration_out_of_range"
  | "bad_monthly_week"
  | "bad_weekday"
  | "needs_until_or_count"
  | "until_and_count_both_set"
  | "until_before_start"
  | "count_out_of_range"
  | "too_many_occurrences"
  | "no_occurrences";

/** Hard cap on sessions in one series: protects the expansion loop and the database from a typo'd `until`. */
export const MAX_OCCURRENCES = 400;
/** A session may run past midnight but not beyond a full day. */
export const MAX_DURATION_MINUTES = 24 * 60;

const MONTHLY_WEEKS: readonly number[] = [1, 2, 3, 4, -1];
const RRULE_DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;

/** Check a rule and return every problem as a field + code the form can translate. */
export function validateRule(rule: SeriesRule): { ok: true } | { ok: false; errors: RuleError[] } {
  const errors: RuleError[] = [];
  const add = (field: keyof SeriesRule, code: RuleErrorCode) => errors.push({ field, code });

  if (!isOneOf(SERIES_FREQUENCIES, rule.frequency)) add("frequency", "bad_frequency");
  if (!isLocalDate(rule.startDate)) add("startDate", "bad_date");
  if (!isLocalTime(rule.startTime)) add("startTime", "bad_time");
  if (!Number.isInteger(rule.durationMinutes) || rule.durationMinutes < 1 || rule.durationMinutes > MAX_DURATION_MINUTES) {
    add("durationMinutes", "duration_out_of_range");
  }
  // The monthly fields are ignored for weekly rules, so they are only checked when they matter.
  if (rule.frequency === "monthly") {
    if (rule.monthlyWeek != null && !MONTHLY_WEEKS.includes(rule.monthlyWeek)) add("monthlyWeek", "bad_monthly_week");
    if (rule.monthlyWeekday != null && !(Number.isInteger(rule.monthlyWeekday) && rule.monthlyWeekday >= 0 && rule.monthlyWeekday <= 6)) {
      add("monthlyWeekday", "bad_weekday");
    }
  }

  const hasUntil = rule.until != null && rule.until !== "";
  const hasCount = rule.count != null;
  if (!hasUntil && !hasCount) add("until", "needs_until_or_count");
  if (hasUntil && hasCount) add("count", "until_and_count_both_set");
  if (hasCount && (!Number.isInteger(rule.count) || rule.count! < 1 || rule.count! > MAX_OCCURRENCES)) {
    add("count", "count_out_of_range");
  }
  if (hasUntil) {
    if (!isLocalDate(rule.until)) add("until", "bad_date");
    else if (isLocalDate(rule.startDate) && rule.until! < rule.startDate) add("until", "until_before_start");
  }

  // Only an `until` rule can be too long or empty; find out by expanding it (cheap: ≤ 401 dates).
  if (errors.length === 0 && hasUntil && !hasCount) {
    const dates = sessionDates(rule, MAX_OCCURRENCES + 1);
    if (dates.length > MAX_OCCURRENCES) add("until", "too_many_occurrences");
    // Possible for monthly rules: e.g. "last Thursday" from 1 to 10 March.
    if (dates.length === 0) add("until", "no_occurrences");
  }

  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}

/** Expand a valid rule into its sessions, in order; throws on an invalid rule (validate user input first). */
export function occurrences(rule: SeriesRule, opts: { limit?: number } = {}): Occurrence[] {
  assertValid(rule);
  const limit = Math.min(opts.limit ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  return sessionDates(rule, limit).map((localDate, index) => {
    const start = zonedInstant(localDate, rule.startTime);
    // Duration is added to the instant, not to the wall clock: a 2-hour session is 2 hours even
    // on the night the clocks change, and may end after midnight.
    const end = new Date(start.getTime() + rule.durationMinutes * 60_000);
    return { index, localDate, startsAt: start.toISOString(), endsAt: end.toISOString() };
  });
}

/**
 * The RRULE value (without "RRULE:") for calendar export and display.
 *
 * Pair it with DTSTART = the first occurrence's start (TZID=Europe/Tallinn), not `startDate`:
 * RFC 5545 counts DTSTART as an occurrence even when it does not match the rule. UNTIL is given
 * in UTC, as RFC 5545 requires with a zoned DTSTART, at the last minute of the `until` day.
 */
export function toRRule(rule: SeriesRule): string {
  assertValid(rule);
  const parts: string[] = [];
  if (rule.frequency === "monthly") {
    const { week, weekday } = monthlyPattern(rule);
    parts.push("FREQ=MONTHLY", `BYDAY=${week}${RRULE_DAYS[weekday]}`);
  } else {
    parts.push("FREQ=WEEKLY");
    if (rule.frequency === "biweekly") parts.push("INTERVAL=2");
  }
  if (rule.count != null) parts.push(`COUNT=${rule.count}`);
  else parts.push(`UNTIL=${rruleUtc(zonedInstant(rule.until!, "23:59"))}`);
  return parts.join(";");
}

export const RULE_DESCRIPTION_KEYS = [
  "series.rule.weekly_count",
  "series.rule.weekly_until",
  "series.rule.biweekly_count",
  "series.rule.biweekly_until",
  "series.rule.monthly_nth_count",
  "series.rule.monthly_nth_until",
  "series.rule.monthly_last_count",
  "series.rule.monthly_last_until",
] as const;
export type RuleDescriptionKey = (typeof RULE_DESCRIPTION_KEYS)[number];

export type RuleDescription = {
  /** i18n key; `count` in params lets i18next pick the plural form */
  key: RuleDescriptionKey;
  params: {
    /** 0=Sunday..6=Saturday; the UI names it in its language */
    weekday: number;
    /** monthly_nth only: 1..4 */
    nth?: 1 | 2 | 3 | 4;
    startTime: string;
    durationMinutes: number;
    startDate: string;
    until?: string;
    count?: number;
  };
};

/** A language-neutral description ("every other Thursday at 17:00, 10 times") for the UI to translate. */
export function describeRule(rule: SeriesRule): RuleDescription {
  assertValid(rule);
  let pattern: "weekly" | "biweekly" | "monthly_nth" | "monthly_last";
  let weekday: number;
  let nth: 1 | 2 | 3 | 4 | undefined;
  if (rule.frequency === "monthly") {
    const monthly = monthlyPattern(rule);
    weekday = monthly.weekday;
    if (monthly.week === -1) pattern = "monthly_last";
    else {
      pattern = "monthly_nth";
      nth = monthly.week;
    }
  } else {
    pattern = rule.frequency;
    weekday = getDay(localDay(rule.startDate));
  }
  const end = rule.count != null ? "count" : "until";
  const params: RuleDescription["params"] = {
    weekday,
    startTime: rule.startTime,
    durationMinutes: rule.durationMinutes,
    startDate: rule.startDate,
  };
  if (nth !== undefined) params.nth = nth;
  if (rule.count != null) params.count = rule.count;
  else params.until = rule.until!;
  return { key: `series.rule.${pattern}_${end}`, params };
}

function assertValid(rule: SeriesRule): void {
  const result = validateRule(rule);
  if (!result.ok) {
    throw new Error(`Invalid series rule: ${result.errors.map((e) => `${e.field}:${e.code}`).join(", ")}`);
  }
}

/** The monthly n-th weekday, filling in defaults from the start date. */
function monthlyPattern(rule: SeriesRule): { week: MonthlyWeek; weekday: number } {
  const start = localDay(rule.startDate);
  const weekday = rule.monthlyWeekday ?? getDay(start);
  if (rule.monthlyWeek != null) return { week: rule.monthlyWeek, weekday };
  // Days 1–7 are the 1st such weekday, 8–14 the 2nd, …; days 29–31 (a 5th) can only mean "last".
  const nth = Math.ceil(start.getDate() / 7);
  return { week: nth >= 5 ? -1 : (nth as 1 | 2 | 3 | 4), weekday };
}

/** Local dates of the sessions, at most `max` of them; assumes the rule's fields are valid. */
function sessionDates(rule: SeriesRule, max: number): string[] {
  const total = Math.min(rule.count ?? Infinity, max);
  const until = rule.count != null ? null : (rule.until ?? null);
  const dates: string[] = [];
  // Each step yields at most one date; monthly may skip its first month, hence the +1.
  for (let step = 0; dates.length < total && step <= max + 1; step++) {
    const date = dateAtStep(rule, step);
    if (date === null) continue;
    if (until !== null && date > until) break;
    dates.push(date);
  }
  return dates;
}

/** The session date produced by the rule's `step`-th period (week pair / month), or null if before the start. */
function dateAtStep(rule: SeriesRule, step: number): string | null {
  const start = localDay(rule.startDate);
  if (rule.frequency === "weekly") return formatLocalDate(addWeeks(start, step));
  if (rule.frequency === "biweekly") return formatLocalDate(addWeeks(start, 2 * step));

  const { week, weekday } = monthlyPattern(rule);
  const month = addMonths(startOfMonth(start), step);
  const date = formatLocalDate(nthWeekdayOfMonth(month, week, weekday));
  // The start date need not be the n-th weekday itself: the series begins on the first match on/after it.
  return date < rule.startDate ? null : date;
}

function nthWeekdayOfMonth(monthStart: Date, week: MonthlyWeek, weekday: number): Date {
  if (week === -1) {
    const last = lastDayOfMonth(monthStart);
    return setDate(last, last.getDate() - ((getDay(last) - weekday + 7) % 7));
  }
  const first = 1 + ((weekday - getDay(monthStart) + 7) % 7);
  // Weeks 1–4 always fall within the month (the 4th is at most the 28th).
  return setDate(monthStart, first + 7 * (week - 1));
}

/** RFC 5545 UTC form: 20261231T215900Z. */
function rruleUtc(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}
