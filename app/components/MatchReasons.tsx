import { useTranslation } from "react-i18next";

import { PAIR_REASON_CODES, type Reason } from "~/domain/matching";
import type { Locale } from "~/domain/vocabulary";
import { useLocale } from "~/utils/locale";
import { formatMinutes } from "~/domain/schedule";
import { formatLongLocalDate, formatMonth, weekdayName } from "~/utils/dates";
import { languageName } from "~/utils/languageNames";

const PAIR_CODES = new Set<string>(PAIR_REASON_CODES);

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Turns the matcher's codes and parameters into words in the coordinator's language. */
export function useReasonText() {
  const { t } = useTranslation();
  const locale = useLocale();
  return (reason: Reason): string => reasonText(reason, t as Translate, locale);
}

/**
 * One reason in words. A pair reason comes in three shapes: about one participant and one event
 * (with its details), counted over participants (why a place stayed empty) or counted over
 * events (why a participant was not picked): the counted ones carry no details but a count.
 */
export function reasonText(reason: Reason, t: Translate, locale: Locale): string {
  const params = reason.params as Record<string, string | number>;
  if (PAIR_CODES.has(reason.code)) {
    if (typeof params.participants === "number") return t("matching.counted", { reason: t(`matching.short.${reason.code}`), count: params.participants });
    // "Too far" counted over events names the nearest one and the limit when it has them.
    if (typeof params.events === "number" && !(reason.code === "too_far" && typeof params.minutes === "number"))
      return t("matching.countedEvents", { reason: t(`matching.short.${reason.code}`), count: params.events });
  }
  // The same code explains a person ("offers crafts, food") and an empty slot ("nobody offers crafts").
  const key = reason.code === "no_matching_offer" && "offer" in params ? "no_matching_offer_slot" : reason.code;
  return t(`matching.reason.${key}`, localizeParams(params, locale, t));
}

function localizeParams(params: Record<string, string | number>, locale: Locale, t: Translate): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params };
  const languages = (list: string | number) =>
    String(list)
      .split(",")
      .map((code) => code.trim())
      .filter(Boolean)
      .map((code) => languageName(code, locale))
      .join(", ");
  for (const key of ["languages", "event", "participant"]) if (key in params) out[key] = languages(params[key]);
  if (typeof params.offer === "string") out.offer = t(`offer.${params.offer}`);
  if (typeof params.offers === "string")
    out.offers = params.offers
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean)
      .map((o) => t(`offer.${o}`))
      .join(", ");
  if (typeof params.timeOfDay === "string") out.timeOfDay = t(`matching.timeOfDay.${params.timeOfDay}`);
  if (typeof params.weekday === "number") out.weekday = weekdayName(params.weekday, locale);
  for (const key of ["date", "until"]) if (typeof params[key] === "string" && /^\d{4}-\d{2}-\d{2}$/.test(String(params[key]))) out[key] = formatLongLocalDate(params[key], locale);
  if ("ferry" in params) out.by = Number(params.ferry) ? t("matching.byFerry") : t("matching.byRoad");
  for (const key of ["arrival", "latestArrival", "lastDeparture"]) {
    const minute = params[key];
    if (typeof minute === "number") out[key] = `${formatMinutes(((minute % 1440) + 1440) % 1440)}${minute >= 1440 ? " (+1)" : ""}`;
  }
  if (typeof params.month === "string" && /^\d{4}-\d{2}$/.test(params.month)) out.month = formatMonth(params.month, locale);
  return out;
}

/** One line of reasons, e.g. "speaks Estonian, Ukrainian · 95 min by car · brings crafts". */
export function MatchReasons({ reasons }: { reasons: Reason[] }) {
  const text = useReasonText();
  return <span className="reasons">{reasons.map(text).join(" · ")}</span>;
}
