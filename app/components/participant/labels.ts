import { useTranslation } from "react-i18next";

/** "45 min", "2 h", "1 h 30 min" in the reader's language. */
export function useDuration() {
  const { t } = useTranslation();
  return (minutes: number) => {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (h === 0) return t("participantForm.duration.minutes", { m });
    if (m === 0) return t("participantForm.duration.hours", { h });
    return t("participantForm.duration.hoursMinutes", { h, m });
  };
}

/**
 * Who a participant's details are written for: the participant themselves ("Days you can go") or a
 * coordinator looking at them ("Days they can go").
 */
export type Voice = "self" | "coordinator";

/** The fields whose label speaks to the participant, and so has a coordinator's wording too. */
type VoicedField = "homeTown" | "weekdays" | "timesOfDay" | "unavailableDates";

/** A field's label in the chosen voice. */
export function useFieldLabel(voice: Voice) {
  const { t } = useTranslation();
  return (field: VoicedField) => t(voice === "coordinator" ? `adminpages.aboutThem.${field}` : `participantForm.${field}`);
}
