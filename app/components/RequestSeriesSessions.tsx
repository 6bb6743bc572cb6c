import { useTranslation } from "react-i18next";

import type { EventState, Offer } from "~/domain/vocabulary";
import { formatInTallinn, formatShortDate, formatTimeRange } from "~/utils/dates";
import { useLocale } from "~/utils/locale";

export type RequestSeriesView = {
  id: number;
  title: string;
  sessions: { id: number; startsAt: string; endsAt: string; state: EventState; past: boolean; lineUp: { firstName: string; offer: Offer | null }[] }[];
};

/**
 * Every session of the series a host's cosy-corner request became, one compact row each (date,
 * time, state, who is coming; first names only), past ones marked, so a long series stays
 * readable on a phone.
 */
export function RequestSeriesSessions({ series }: { series: RequestSeriesView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const upcoming = series.sessions.filter((s) => !s.past).length;
  return (
    <section className="request-series" aria-labelledby="request-series">
      <h2 id="request-series">{t("seriesRequest.host.title")}</h2>
      <p>
        <strong>{series.title}</strong>
      </p>
      <p>{t("seriesRequest.host.summary", { total: series.sessions.length, upcoming })}</p>
      <ol className="series-sessions">
        {series.sessions.map((session) => (
          <li key={session.id} className={`series-session${session.past ? " series-session-past" : ""}`}>
            <p className="series-session-when">
              <time dateTime={session.startsAt}>
                {formatInTallinn(session.startsAt, "EEEEEE", locale)} {formatShortDate(session.startsAt, locale)}
              </time>{" "}
              <span className="series-session-time">{formatTimeRange(session.startsAt, session.endsAt, locale)}</span>{" "}
              <span className={`tag state-${session.state}`}>{t(`event.state.${session.state}`)}</span>
              {session.past ? <span className="tag series-session-past-tag">{t("seriesRequest.host.past")}</span> : null}
            </p>
            <p className="series-session-line-up">
              {session.state === "cancelled" ? null : session.lineUp.length === 0 ? (
                <span className="muted">{t(session.past ? "seriesRequest.host.nobodyCame" : "seriesRequest.host.nobodyYet")}</span>
              ) : (
                <>
                  <span className="muted">{t(session.past ? "seriesRequest.host.lineUpPast" : "seriesRequest.host.lineUp")}</span>{" "}
                  {session.lineUp.map((person) => (person.offer ? `${person.firstName} (${t(`offer.${person.offer}`)})` : person.firstName)).join(", ")}
                </>
              )}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
