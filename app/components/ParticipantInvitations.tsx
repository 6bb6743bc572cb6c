import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { useLocale } from "~/root";
import { formatLongDate, formatTimeRange } from "~/utils/dates";

import { useDuration } from "./ParticipantForm";

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
};

function EventFacts({ item }: { item: ParticipantEventItem }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const duration = useDuration();
  return (
    <>
      <p className="event-when">
        <time dateTime={item.startsAt}>{formatLongDate(item.startsAt, locale)}</time>
        <span className="event-time">{formatTimeRange(item.startsAt, item.endsAt, locale)}</span>
      </p>
      <h3>{item.title}</h3>
      <p className="event-where">
        {item.venueName}, {item.townName}
      </p>
      <p className="event-tags">
        {item.slotOffer ? <span className="tag tag-offer">{t(`offer.${item.slotOffer}`)}</span> : null}
        {item.travelMinutes !== null ? <span className="tag">{t("participantMe.travel", { duration: duration(item.travelMinutes) })}</span> : null}
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
