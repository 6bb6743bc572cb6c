import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { formatLongDate, formatTimeRange } from "~/utils/dates";
import { useLocale } from "~/utils/locale";

export type EventListItem = {
  id: number;
  kind: string;
  title: string;
  startsAt: string;
  endsAt: string;
  venueName: string;
  townName: string;
  offers: string[];
  state?: string;
  /** Who it is for; labelled unless everyone. */
  audience?: string;
};

/** Cards for public events: when, where, what kind and what participants bring. */
export function EventList({ events }: { events: EventListItem[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <ul className="event-list">
      {events.map((event) => (
        <li key={event.id} className="event-card">
          <p className="event-when">
            <time dateTime={event.startsAt}>{formatLongDate(event.startsAt, locale)}</time>
            <span className="event-time">{formatTimeRange(event.startsAt, event.endsAt, locale)}</span>
          </p>
          <h3>
            <Link to={`/events/${event.id}`}>{event.title}</Link>
          </h3>
          <p className="event-where">
            {event.venueName}, {event.townName}
          </p>
          <p className="event-tags">
            <span className={`tag tag-${event.kind}`}>{t(`event.kind.${event.kind}`)}</span>
            {event.state === "cancelled" ? <span className="tag tag-cancelled">{t("event.state.cancelled")}</span> : null}
            {event.audience && event.audience !== "everyone" ? <span className="tag tag-audience">{t(`audience.label.${event.audience}`)}</span> : null}
            {uniqueCounts(event.offers).map(([offer, count]) => (
              <span key={offer} className="tag tag-offer">
                {count > 1 ? `${count} × ` : ""}
                {t(`offer.${offer}`)}
              </span>
            ))}
          </p>
        </li>
      ))}
    </ul>
  );
}

function uniqueCounts(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts];
}
