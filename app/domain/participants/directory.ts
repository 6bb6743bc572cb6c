/**
 * The coordinators' participant directory: search and filters over plain rows. Done in code rather
 * than SQL so that searching "олена" finds "Олена" (SQLite's lower() only folds ASCII).
 */
import type { LanguageLevel, Offer, TimeOfDay } from "~/domain/vocabulary";

export type DirectoryRow = {
  id: number;
  firstName: string;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  homeTown: string | null;
  regionCode: string | null;
  languages: { code: string; level: LanguageLevel }[];
  offers: Offer[];
  weekdays: number[];
  timesOfDay: TimeOfDay[];
  pausedUntil: string | null;
  monthlyCap: number;
  maxTravelMinutes: number;
  /** Accepted or attended assignments since the season began. */
  load: number;
};

export const LOAD_BANDS = ["none", "some", "many"] as const;
export type LoadBand = (typeof LOAD_BANDS)[number];

export type DirectoryFilters = {
  q?: string;
  language?: string;
  offer?: string;
  region?: string;
  weekday?: number;
  timeOfDay?: string;
  /** none = 0, some = 1–2, many = 3 or more events this season. */
  load?: LoadBand;
  /** Leave out people paused on `today`. */
  availableOnly?: boolean;
};

/** The band a season's load falls in. */
export function loadBand(load: number): LoadBand {
  return load === 0 ? "none" : load <= 2 ? "some" : "many";
}

/** Whether a participant is paused on a local date (paused_until is the first day back). */
export function isPaused(pausedUntil: string | null, today: string): boolean {
  return pausedUntil !== null && pausedUntil > today;
}

const fold = (value: string) => value.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase();

/** Rows matching every filter given, ordered by name. */
export function filterDirectory(rows: DirectoryRow[], filters: DirectoryFilters, today: string): DirectoryRow[] {
  const words = fold(filters.q?.trim() ?? "")
    .split(/\s+/)
    .filter(Boolean);
  const digits = (filters.q ?? "").replace(/\D/g, "");
  return rows
    .filter((row) => {
      if (words.length > 0) {
        const haystack = fold([row.firstName, row.lastName, row.email, row.phone, row.homeTown].filter(Boolean).join(" "));
        const phoneMatch = digits.length >= 4 && (row.phone ?? "").replace(/\D/g, "").includes(digits);
        if (!phoneMatch && !words.every((w) => haystack.includes(w))) return false;
      }
      if (filters.language && !row.languages.some((l) => l.code === filters.language)) return false;
      if (filters.offer && !row.offers.includes(filters.offer as Offer)) return false;
      if (filters.region && row.regionCode !== filters.region) return false;
      if (filters.weekday !== undefined && !row.weekdays.includes(filters.weekday)) return false;
      if (filters.timeOfDay && !row.timesOfDay.includes(filters.timeOfDay as TimeOfDay)) return false;
      if (filters.load && loadBand(row.load) !== filters.load) return false;
      if (filters.availableOnly && isPaused(row.pausedUntil, today)) return false;
      return true;
    })
    .sort((a, b) => a.firstName.localeCompare(b.firstName) || (a.lastName ?? "").localeCompare(b.lastName ?? "") || a.id - b.id);
}
