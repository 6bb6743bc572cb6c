/** The funder report's figures, as the model reads them from the database (no names). */
import type { EventKind, FeedbackAuthor } from "~/domain/vocabulary";

import type { MonthlyGini } from "./gini";
import type { ReportPeriod } from "./period";

export type ReportFilters = ReportPeriod & { region: string | null };

export type CountyEvents = { code: string; name: string; byKind: Record<EventKind, number>; total: number; onIslands: number };
export type MapTownCount = { id: number; name: string; regionCode: string; lat: number; lon: number; count: number };
export type TravelMonth = { month: string; journeys: number; minutes: number; km: number; withoutKm: number };
export type ClaimsMonth = { month: string; count: number; cents: number };
export type FeedbackSummary = { author: FeedbackAuthor; count: number; rated: number; average: number | null; distribution: [number, number, number, number, number] };
export type AnsweredFeedback = { id: number; eventId: number; event: string; date: string; author: FeedbackAuthor; text: string | null; response: string };
export type ForumOutcome = { id: number; title: string; date: string; town: string; said: string | null; done: string | null };

export type FunderReport = {
  filters: ReportFilters;
  eventsByCounty: CountyEvents[];
  eventsByKind: Record<EventKind, number>;
  eventsHeld: number;
  eventsOnIslands: number;
  mapTowns: MapTownCount[];
  /** Raw counts: the page and the CSV publish them only through suppressSmallCounts. */
  travellersByCountry: { key: string | null; count: number }[];
  travellersByGender: { key: string | null; count: number }[];
  locals: { counted: { events: number; people: number }; expected: { events: number; people: number }; unknown: { events: number } };
  travelByMonth: TravelMonth[];
  claimsPaid: ClaimsMonth[];
  feedback: FeedbackSummary[];
  answeredFeedback: AnsweredFeedback[];
  forums: ForumOutcome[];
  fairness: MonthlyGini[];
};
