import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { Reach } from "~/domain/messages/reach";
import type { Locale } from "~/domain/vocabulary";

import { DeliveryNote, type LastMessage, type PhoneMessage } from "../DeliveryNote";

/** One place at the event: who fills it (if anyone) and whether they have been told. */
export type LineupSlot = {
  id: number;
  offer: string | null;
  assignment: { participant_id: number; first_name: string; last_name: string | null; status: string } | null;
  told: { last: LastMessage | null; phone: PhoneMessage | null } | null;
};

/** How many of the people concerned a last-minute message has reached (lastMinuteReach). */
export type LineupReach = { reached: number; total: number; notYet: { name: string; host: boolean; reach: Reach }[] };

/** The event's places with who fills them, whether the host and the people were told, and a link to every message. */
export function LineupSection({
  eventId,
  slots,
  hostTold,
  reach,
  locale,
}: {
  eventId: number;
  slots: LineupSlot[];
  /** undefined when the event has no host (it came from no request). */
  hostTold: LastMessage | null | undefined;
  reach: LineupReach | null;
  locale: Locale;
}) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="lineup">
      <h2 id="lineup">{t("adminEvents.lineup.title")}</h2>
      {slots.length === 0 ? <p className="empty">{t("adminEvents.lineup.noSlots")}</p> : null}
      <ul className="lineup">
        {slots.map((slot) => (
          <li key={slot.id}>
            <span className="tag tag-offer">{slot.offer ? t(`offer.${slot.offer}`) : t("adminEvents.form.anyOffer")}</span>{" "}
            {slot.assignment ? (
              <>
                <Link to={`/admin/participants/${slot.assignment.participant_id}`}>
                  {slot.assignment.first_name} {slot.assignment.last_name ?? ""}
                </Link>{" "}
                <span className={`tag assignment-${slot.assignment.status}`}>{t(`adminEvents.assignment.${slot.assignment.status}`)}</span>
                {slot.told ? (
                  <DeliveryNote
                    last={slot.told.last}
                    phone={slot.told.phone}
                    who={[slot.assignment.first_name, slot.assignment.last_name].filter(Boolean).join(" ")}
                    locale={locale}
                  />
                ) : null}
              </>
            ) : (
              <span className="empty">{t("adminEvents.lineup.open")}</span>
            )}
          </li>
        ))}
      </ul>
      {hostTold !== undefined ? (
        <div className="host-told">
          <strong>{t("outbox.delivery.host")}</strong> <DeliveryNote last={hostTold} locale={locale} />
        </div>
      ) : null}
      {reach ? (
        <div className={reach.notYet.length ? "warning reach-summary" : "notice reach-summary"} role="note">
          <p>
            <strong>{t("outbox.delivery.summaryTitle")}</strong>
          </p>
          <p>
            {t("outbox.delivery.reached", { reached: reach.reached, total: reach.total })};{" "}
            {reach.notYet.length === 0
              ? t("outbox.delivery.everyone")
              : t("outbox.delivery.notYet", {
                  list: reach.notYet
                    .map((p) => t("outbox.delivery.notYetItem", { name: p.host ? t("outbox.delivery.host") : p.name, state: t(`outbox.delivery.short.${p.reach}`) }))
                    .join(", "),
                })}
          </p>
        </div>
      ) : null}
      <p>
        <Link to={`/admin/outbox?event=${eventId}`}>{t("outbox.delivery.all")}</Link>
      </p>
    </section>
  );
}
