import { useTranslation } from "react-i18next";

import { WEEKDAYS_MONDAY_FIRST, type Offer, type TimeOfDay } from "~/domain/vocabulary";
import { useLocale } from "~/utils/locale";
import { formatShortLocalDate } from "~/utils/dates";

export type RequestSummaryData = {
  kind: string;
  windowFrom: string;
  windowTo: string;
  weekdays: number[];
  timeOfDay: TimeOfDay | null;
  expectedAudience: number | null;
  localLanguages: string[];
  wishes: Offer[];
};

/** "7. dets 2026 – 15. jaan 2027" for a window of local dates. */
export function useWindowText() {
  const locale = useLocale();
  // Noon UTC is the same calendar day in Tallinn, whatever the season.
  return (from: string, to: string) => `${formatShortLocalDate(from, locale)} – ${formatShortLocalDate(to, locale)}`;
}

/** Weekday names Monday first, e.g. "esmaspäev, laupäev"; empty when any day suits. */
export function useWeekdaysText() {
  const { t } = useTranslation();
  return (weekdays: number[]) =>
    WEEKDAYS_MONDAY_FIRST.filter((d) => weekdays.includes(d))
      .map((d) => t(`request.weekday.${d}`))
      .join(", ");
}

/** Language names for the codes we list, the code itself otherwise. */
export function useLanguageText() {
  const { t } = useTranslation();
  return (codes: string[]) => codes.map((code) => t(`request.language.${code}`, { defaultValue: code })).join(", ");
}

/** What a host asked for: kind, dates, days, time, audience, languages, wishes. */
export function RequestSummary({ request, labels }: { request: RequestSummaryData; labels: "requestStatus" | "requestInbox" }) {
  const { t } = useTranslation();
  const windowText = useWindowText();
  const weekdaysText = useWeekdaysText();
  const languageText = useLanguageText();
  const when = [weekdaysText(request.weekdays) || t("requestStatus.anyDay"), request.timeOfDay ? t(`request.timeOfDay.${request.timeOfDay}`) : null].filter(Boolean).join(" · ");
  return (
    <dl className="request-facts">
      <dt>{t(`${labels}.window`)}</dt>
      <dd>{windowText(request.windowFrom, request.windowTo)}</dd>
      <dt>{labels === "requestInbox" ? t("requestInbox.when") : t("requestStatus.weekdays")}</dt>
      <dd>{when}</dd>
      {request.expectedAudience ? (
        <>
          <dt>{t(`${labels}.audience`)}</dt>
          <dd>{request.expectedAudience}</dd>
        </>
      ) : null}
      {request.localLanguages.length > 0 ? (
        <>
          <dt>{t(`${labels}.languages`)}</dt>
          <dd>{languageText(request.localLanguages)}</dd>
        </>
      ) : null}
      {request.wishes.length > 0 ? (
        <>
          <dt>{t(`${labels}.wishes`)}</dt>
          <dd className="request-wishes">
            {request.wishes.map((w) => (
              <span key={w} className="tag tag-offer">
                {t(`offer.${w}`)}
              </span>
            ))}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
