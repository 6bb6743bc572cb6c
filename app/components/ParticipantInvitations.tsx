import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { localDateOf } from "~/domain/schedule";
import type { Locale } from "~/domain/vocabulary";
import { useLocale } from "~/utils/locale";
import { formatDayMonth, formatInTallinn, formatLongDate, formatTimeRange } from "~/utils/dates";

import { useDuration } from "./participant/labels";

export type ParticipantEventItem = {
  id: number;
  title: string;
  startsAt: string;
  endsAt: string;
  venueName: string;
  townName: string;
  slotOffer: string | null;
  travelMinutes: number | null;
  status: string;
  eventState: string;
  placeTaken: boolean;
  eventId?: number;
  /** For events to come: where exactly, what they bring, who else goes (see `listAssignmentCards`). */
  card?: EventCard | null;
};

export type EventCard = {
  publicPage: boolean;
  venueAddress: string | null;
  offerDescription: string | null;
  othersNamed: string[];
  othersUnnamed: number;
};

type Translate = (key: string, options?: Record<string, unknown>) => string;

const FIVE_MINUTES = 5 * 60_000;

/**
 * When to leave home: the start minus the travel time, rounded down to five minutes ("by 10:55",
 * not "by 10:56"), in Tallinn time, with the day when it is not the event's day. Null without a
 * journey (unknown, or the event is in their home town).
 */
export function leaveHomeText(item: Pick<ParticipantEventItem, "startsAt" | "travelMinutes">, t: Translate, locale: Locale, duration: (minutes: number) => string): string | null {
  if (!item.travelMinutes || item.travelMinutes <= 0) return null;
  const leaveAt = new Date(Math.floor((Date.parse(item.startsAt) - item.travelMinutes * 60_000) / FIVE_MINUTES) * FIVE_MINUTES).toISOString();
  const time = formatInTallinn(leaveAt, "HH:mm", locale);
  const day = localDateOf(leaveAt);
  if (day !== localDateOf(item.startsAt)) return t("participantCard.leaveDayBefore", { time, date: formatDayMonth(day, locale, false), duration: duration(item.travelMinutes) });
  return t("participantCard.leave", { time, duration: duration(item.travelMinutes) });
}

/** Who else is going, by first name where they allow it: "Olena, Ahmad and 2 others". */
export function othersGoingText(card: Pick<EventCard, "othersNamed" | "othersUnnamed">, t: Translate, locale: Locale): string {
  const { othersNamed: named, othersUnnamed: unnamed } = card;
  if (named.length === 0 && unnamed === 0) return t("participantCard.nobodyYet");
  if (named.length === 0) return t("participantCard.othersCount", { count: unnamed });
  const names = new Intl.ListFormat(locale, { type: "conjunction" }).format(named);
  if (unnamed === 0) return t("participantCard.othersNamed", { names });
  return t("participantCard.othersNamedAndMore", { names: named.join(", "), count: unnamed });
}

function EventFacts({ item }: { item: ParticipantEventItem }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const duration = useDuration();
  const card = item.card ?? null;
  const leave = card ? leaveHomeText(item, t as Translate, locale, duration) : null;
  return (
    <>
      <p className="event-when">
        <time dateTime={item.startsAt}>{formatLongDate(item.startsAt, locale)}</time>
        <span className="event-time">{formatTimeRange(item.startsAt, item.endsAt, locale)}</span>
      </p>
      <h3>{card?.publicPage && item.eventId ? <Link to={`/events/${item.eventId}`}>{item.title}</Link> : item.title}</h3>
      <p className="event-where">{[item.venueName, card?.venueAddress, item.townName].filter(Boolean).join(", ")}</p>
      {card ? (
        <dl className="event-details">
          {leave ? (
            <div>
              <dt>{t("participantCard.leaveLabel")}</dt>
              <dd>{leave}</dd>
            </div>
          ) : null}
          {item.slotOffer ? (
            <div>
              <dt>{t("participantCard.bringLabel")}</dt>
              <dd>
                {card.offerDescription
                  ? t("participantCard.bringWithDescription", { offer: t(`offer.${item.slotOffer}`), description: card.offerDescription })
                  : t(`offer.${item.slotOffer}`)}
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t("participantCard.othersLabel")}</dt>
            <dd>{othersGoingText(card, t as Translate, locale)}</dd>
          </div>
        </dl>
      ) : null}
      <p className="event-tags">
        {item.slotOffer && !card ? <span className="tag tag-offer">{t(`offer.${item.slotOffer}`)}</span> : null}
        {item.travelMinutes !== null && !leave ? <span className="tag">{t("participantMe.travel", { duration: duration(item.travelMinutes) })}</span> : null}
        {item.eventState === "cancelled" ? <span className="tag tag-cancelled">{t("event.state.cancelled")}</span> : null}
      </p>
    </>
  );
}

/** Open invitations, each with "yes" and "no, because…" (the reason is optional). */
export function ParticipantInvitations({ items, pending }: { items: ParticipantEventItem[]; pending: boolean }) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="empty">{t("participantMe.noInvitations")}</p>;
  return (
    <ul className="event-list participant-events">
      {items.map((item) => (
        <li key={item.id} className="event-card invitation-card">
          <EventFacts item={item} />
          {item.placeTaken ? (
            <p className="warning">{t("participantInvitation.refused.taken")}</p>
          ) : (
            <div className="invitation-actions">
              <Form method="post">
                <input type="hidden" name="intent" value="accept" />
                <input type="hidden" name="assignment_id" value={item.id} />
                <button type="submit" disabled={pending}>
                  {t("participantMe.accept")}
                </button>
              </Form>
              <details>
                <summary>{t("participantMe.decline")}</summary>
                <Form method="post" className="stack">
                  <input type="hidden" name="intent" value="decline" />
                  <input type="hidden" name="assignment_id" value={item.id} />
                  <label className="field">
                    <span>{t("participantMe.reasonOptional")}</span>
                    <textarea name="reason" rows={2} maxLength={500} />
                  </label>
                  <button type="submit" className="secondary" disabled={pending}>
                    {t("participantMe.confirmDecline")}
                  </button>
                </Form>
              </details>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Events the participant said yes to, with a way to step back before the day. */
export function ParticipantUpcoming({ items, pending }: { items: ParticipantEventItem[]; pending: boolean }) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="empty">{t("participantMe.noUpcoming")}</p>;
  return (
    <ul className="event-list participant-events">
      {items.map((item) => (
        <li key={item.id} className="event-card">
          <EventFacts item={item} />
          {item.eventState === "cancelled" ? null : (
            <details>
              <summary>{t("participantMe.withdraw")}</summary>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="withdraw" />
                <input type="hidden" name="assignment_id" value={item.id} />
                <p className="hint">{t("participantMe.withdrawHint")}</p>
                <label className="field">
                  <span>{t("participantMe.reasonOptional")}</span>
                  <textarea name="reason" rows={2} maxLength={500} />
                </label>
                <button type="submit" className="danger" disabled={pending}>
                  {t("participantMe.confirmWithdraw")}
                </button>
              </Form>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Events that have taken place, with how it went. */
export function ParticipantPast({ items }: { items: ParticipantEventItem[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (items.length === 0) return <p className="empty">{t("participantMe.noPast")}</p>;
  return (
    <ul className="past-events">
      {items.map((item) => (
        <li key={item.id}>
          <time dateTime={item.startsAt}>{formatLongDate(item.startsAt, locale)}</time> — {item.title}, {item.townName}{" "}
          <span className={`tag status-${item.status}`}>{t(`participantInvitation.status.${item.status}`)}</span>
        </li>
      ))}
    </ul>
  );
}
