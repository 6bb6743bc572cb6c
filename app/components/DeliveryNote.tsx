import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { Reach } from "~/domain/messages/reach";
import type { Locale } from "~/domain/vocabulary";
import { formatDateTime } from "~/utils/dates";

export type LastMessage = {
  id: number;
  kind: string;
  reach: Reach;
  at: string;
  error: string | null;
  /** A coordinator's mark that they passed it on by phone (reach "told"). */
  told: { at: string; by: string | null } | null;
};
export type PhoneMessage = { number: string | null; locale: string; text: string };

/**
 * Whether a person's last message about an event went, in a few words: "Last message
 * (Invitation): sent 3 Dec 2026, 10:12", "waiting", "failed: …"; for someone without an e-mail
 * address, "tell by phone" with their number, folded, what to say in their language, and a button
 * to mark the call made ("told by phone by Kristi Tamm, 3 Dec 2026, 10:40").
 */
/** The letter without its signature (why they get it by e-mail, how to stop): not for reading out. */
function spoken(text: string): string {
  return text.split("\n-- \n")[0].trimEnd();
}

export function DeliveryNote({ last, phone, who, locale }: { last: LastMessage | null; phone?: PhoneMessage | null; who?: string; locale: Locale }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  if (!last) return <div className="delivery">{t("outbox.delivery.none")}</div>;
  const tel = phone?.number ? phone.number.replace(/[^\d+]/g, "") : "";
  const noNumber = last.reach === "phone" && !tel;
  const state = (() => {
    if (noNumber) return t("outbox.delivery.noPhone");
    switch (last.reach) {
      case "sent":
        return t("outbox.delivery.sent", { at: formatDateTime(last.at, locale) });
      case "kept":
        return t("outbox.delivery.kept");
      case "waiting":
        return t("outbox.delivery.waiting");
      case "failed":
        return last.error ? t("outbox.delivery.failed", { error: last.error }) : t("outbox.delivery.failedPlain");
      case "cancelled":
        return t("outbox.delivery.cancelled");
      case "phone":
        return t("outbox.delivery.phone");
      case "told":
        return last.told?.by
          ? t("outbox.delivery.toldBy", { name: last.told.by, at: formatDateTime(last.told.at, locale) })
          : t("outbox.delivery.told", { at: formatDateTime(last.told?.at ?? last.at, locale) });
      default:
        return t("outbox.delivery.none");
    }
  })();
  return (
    <div className="delivery">
      {t("outbox.delivery.last", { kind: t(`outbox.kind.${last.kind}`, { defaultValue: last.kind }) })} <span className={`delivery-${last.reach}`}>{state}</span>
      {last.reach === "phone" ? (
        <>
          {tel ? (
            <>
              {": "}
              <a href={`tel:${tel}`}>{phone?.number}</a>
            </>
          ) : null}
          {phone?.text ? (
            <details className="delivery-say">
              <summary>{t(`outbox.delivery.whatToSay.${phone.locale}`, { defaultValue: t("outbox.delivery.whatToSay.et") })}</summary>
              <pre lang={phone.locale}>{spoken(phone.text)}</pre>
            </details>
          ) : null}
          <Form method="post" className="delivery-mark">
            <input type="hidden" name="intent" value="told" />
            <input type="hidden" name="messageId" value={last.id} />
            <button type="submit" className="secondary" disabled={navigation.state !== "idle"} aria-label={who ? t("outbox.delivery.markToldFor", { name: who }) : undefined}>
              {t("outbox.delivery.markTold")}
            </button>
          </Form>
        </>
      ) : null}
    </div>
  );
}
