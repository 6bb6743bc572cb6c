import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { ProposalScoring, ProposalSummary } from "~/domain/matching/view";
import type { Locale } from "~/domain/vocabulary";
import { useLocale } from "~/utils/locale";
import { formatDayMonth } from "~/utils/dates";

import { reasonText } from "./MatchReasons";

type Translate = (key: string, options?: Record<string, unknown>) => string;

const TERMS = ["travel", "load", "recency", "diversity", "continuity", "unfilled"] as const;

/**
 * The proposal in units a coordinator reads: places filled of the open ones, minutes of travel,
 * how evenly the season's places fall on people. No solver points here (see `scoringLines`).
 */
export function proposalFacts(summary: ProposalSummary, t: Translate, locale: Locale): { term: string; text: string; hint?: string }[] {
  const number = new Intl.NumberFormat(locale);
  const facts: { term: string; text: string; hint?: string }[] = [];
  if (summary.filled > 0) {
    facts.push({
      term: t("matchview.facts.places"),
      text: `${t("matchview.facts.placesValue", { filled: number.format(summary.filled), count: summary.openPlaces })}, ${t("matchview.facts.atEvents", { count: summary.events })}`,
    });
  }
  if (summary.travel) {
    facts.push({
      term: t("matchview.facts.travel"),
      text: t("matchview.facts.travelValue", { total: number.format(summary.travel.totalMinutes), average: number.format(summary.travel.averageMinutes) }),
    });
  }
  const { spread } = summary;
  if (spread.people > 0) {
    facts.push({
      term: t("matchview.facts.spread"),
      text: `${t("matchview.facts.spreadValue", { most: number.format(spread.most), mean: number.format(spread.mean), fewest: number.format(spread.fewest) })} · ${t(`matchview.facts.evenness.${spread.evenness}`)}`,
      hint: t("matchview.facts.spreadHint", { people: spread.people }),
    });
  }
  return facts;
}

/** The first line under "Proposal": how good it is, or why there is nothing to propose. */
export function proposalLead(run: { status: string; gapPercent: number | null; ms: number; summary: ProposalSummary }, t: Translate, locale: Locale): string {
  if (run.summary.openPlaces === 0) return t("matchview.lead.nothingOpen");
  if (run.summary.filled === 0 && run.status !== "infeasible") return t("matchview.lead.nobody", { count: run.summary.openPlaces });
  const status =
    run.gapPercent !== null ? t("matching.status.feasible_gap", { percent: new Intl.NumberFormat(locale).format(run.gapPercent) }) : t(`matching.status.${run.status}`);
  return `${status} · ${t("matching.summary.ms", { ms: run.ms })}`;
}

/** The solver's score, each part in points with the weights that make it. */
export function scoringLines(scoring: ProposalScoring, t: Translate, locale: Locale): { term: string; points: string; how: string }[] {
  const number = new Intl.NumberFormat(locale);
  const points = (value: number) => t("matchview.scoring.points", { count: Math.round(value), points: number.format(Math.round(value)) });
  const w = scoring.weights;
  const how: Record<(typeof TERMS)[number], string> = {
    travel: t("matchview.scoring.travel", { weight: points(w.travelPerMinute) }),
    load: t("matchview.scoring.load", { weight: number.format(w.loadWeight) }),
    recency: t("matchview.scoring.recency", { weight: points(w.recencyWeight), days: w.recencyWindowDays }),
    diversity: t("matchview.scoring.diversity", { weight: points(w.diversityPenalty) }),
    continuity: t("matchview.scoring.continuity", { weight: points(w.continuityBonus) }),
    unfilled: t("matchview.scoring.unfilled", { weight: points(w.unfilledPenalty) }),
  };
  const lines = TERMS.map((term) => ({ term: t(`matching.terms.${term}`), points: points(scoring.terms[term]), how: how[term] }));
  lines.push({ term: t("matchview.scoring.total"), points: scoring.total === null ? t("matchview.scoring.none") : points(scoring.total), how: "" });
  return lines;
}

/** The summary panel's facts, the places left open and the solver's score (folded away). */
export function MatchSummary({ run }: { run: { status: string; gapPercent: number | null; ms: number; summary: ProposalSummary; scoring: ProposalScoring } }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const facts = proposalFacts(run.summary, t as Translate, locale);
  const { stillOpen } = run.summary;
  const leftOpen = stillOpen.reduce((n, s) => n + s.places, 0);
  return (
    <>
      <p className="proposal-lead">{proposalLead(run, t as Translate, locale)}</p>
      {facts.length > 0 ? (
        <dl className="proposal-facts">
          {facts.map((fact) => (
            <div key={fact.term}>
              <dt>{fact.term}</dt>
              <dd>
                {fact.text}
                {fact.hint ? <span className="hint">{fact.hint}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {leftOpen > 0 ? (
        <div className="still-open">
          <h3>{t("matchview.stillOpen.title", { count: leftOpen })}</h3>
          <ul>
            {stillOpen.map((open) => (
              <li key={open.eventId}>
                <Link to={`/admin/events/${open.eventId}`}>{open.title}</Link> <span className="muted">{formatDayMonth(open.localDate, locale, true)}</span>
                {" · "}
                {t("matchview.stillOpen.places", { count: open.places })}
                {open.reasons.length > 0 ? ` — ${open.reasons.map((r) => reasonText(r, t as Translate, locale)).join(" · ")}` : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <details className="scoring">
        <summary>{t("matchview.scoring.summary")}</summary>
        <p className="hint">{t("matchview.scoring.lead")}</p>
        <dl>
          {scoringLines(run.scoring, t as Translate, locale).map((line) => (
            <div key={line.term}>
              <dt>{line.term}</dt>
              <dd>
                <strong>{line.points}</strong>
                {line.how ? <span className="hint">{line.how}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      </details>
    </>
  );
}
