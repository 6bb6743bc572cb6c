/**
 * What the matching page shows: the period and county asked for, the accepted line-ups waiting to
 * be sent, and (when asked to run) the proposal as the page lists it. The route parses, authorises,
 * calls `matchingPage` and renders.
 */
import { localize } from "~/domain/localizedText";
import type { MatchInput } from "~/domain/matching";
import { defaultMatchingPeriod, matchView } from "~/domain/matching/view";
import { isLocalDate, localDateOf } from "~/domain/schedule";
import type { Locale } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";

import type { MatchingScope, SeriesConstraintInScope } from "./matching.server";
import { proposeMatching } from "./matchingProposal.server";
import { listProposedLineups } from "./proposedLineups.server";
import { listRegions } from "./region.server";

/** The period and county from the query string; by default the next eight weeks everywhere. */
export function matchingScopeFrom(params: URLSearchParams): MatchingScope & { valid: boolean } {
  const period = defaultMatchingPeriod(localDateOf(nowIso()));
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const region = params.get("region") || null;
  const valid = (!from || isLocalDate(from)) && (!to || isLocalDate(to)) && (!from || !to || from <= to);
  return { from: isLocalDate(from) ? from : period.from, to: isLocalDate(to) ? to : period.to, regionCode: region && /^EE-\d{2}$/.test(region) ? region : null, valid };
}

/** The matching page's data; the matcher runs only when `run` is asked and the period is valid. */
export async function matchingPage(scope: MatchingScope & { valid: boolean }, locale: Locale, run: boolean) {
  const regions = await listRegions(locale);
  // What was accepted and not sent yet, by event: the line-ups the "send" button turns into invitations.
  const waiting = (await listProposedLineups(scope)).map((l) => ({
    eventId: l.eventId,
    title: localize(l.titleJson, locale),
    startsAt: l.startsAt,
    names: l.names,
    travelMinutes: l.travelMinutes,
  }));
  const proposed = waiting.reduce((n, l) => n + l.names.length, 0);
  if (!run || !scope.valid) return { scope, regions, proposed, waiting, valid: scope.valid, run: null };
  return { scope, regions, proposed, waiting, valid: true, run: await proposalView(scope, locale) };
}

/** Solves the matching for `scope` and lays the proposal out as the page shows it. */
async function proposalView(scope: MatchingScope, locale: Locale) {
  const { input, result, titles, ms, fingerprint, seriesConstraints } = await proposeMatching(scope);
  const localTitles = new Map(input.events.map((e) => [e.id, localize(titles.get(e.id), locale)]));
  const view = matchView({ input, result, titles: localTitles, compareNames: new Intl.Collator(locale).compare });
  const series = seriesConstraintView(input, seriesConstraints, locale);
  return {
    status: result.status,
    // How much better the best possible proposal could be, at most (only when not proved best).
    gapPercent: gapPercent(result.objective, result.lowerBound),
    ms,
    fingerprint,
    filled: view.summary.filled,
    ...view,
    // Sessions know their series (for the whole-series buttons); series-wide choices are listed once, not per session.
    events: view.events.map((e) => ({ ...e, seriesId: series.seriesOf.get(e.id) ?? null })),
    constraints: view.constraints.filter((c) => !series.derived.get(c.participantId)?.has(c.eventId)),
    seriesConstraints: series.list,
  };
}

/** Which session belongs to which series, and the series-wide locks and exclusions as the page lists them. */
function seriesConstraintView(input: MatchInput, constraints: SeriesConstraintInScope[], locale: Locale) {
  const names = new Map(input.participants.map((p) => [p.id, p.firstName]));
  const seriesOf = new Map(input.events.flatMap((e) => (e.seriesId === null ? [] : [[e.id, e.seriesId] as const])));
  const derived = new Map<number, Set<number>>();
  for (const c of constraints) for (const eventId of c.eventIds) derived.set(c.participantId, (derived.get(c.participantId) ?? new Set()).add(eventId));
  const list = constraints.map((c) => ({
    participantId: c.participantId,
    seriesId: c.seriesId,
    kind: c.kind,
    name: names.get(c.participantId) ?? "",
    title: localize(c.seriesTitle, locale),
    sessions: c.eventIds.length,
  }));
  return { seriesOf, derived, list };
}

/** (objective − bound) / objective in percent with one decimal, rounded up so it never understates; null when proved or unknown. */
function gapPercent(objective: number, lowerBound: number): number | null {
  if (!Number.isFinite(objective) || !Number.isFinite(lowerBound) || objective <= 0 || lowerBound >= objective) return null;
  return Math.ceil(((objective - lowerBound) / objective) * 1000) / 10;
}
