import { useTranslation } from "react-i18next";

import type { ScheduleWarning } from "~/domain/schedule";

/** Scheduling warnings: things to know, never a reason the save failed. */
export function ScheduleWarnings({ warnings }: { warnings: ScheduleWarning[] }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <div className="warning" role="status">
      <p>
        <strong>{t("warnings.title")}</strong>
      </p>
      <ul>
        {warnings.map((w) => (
          <li key={w.code}>
            {w.code === "public_holiday" && t("warnings.public_holiday", { name: w.holidayName })}
            {w.code === "same_town_same_day" && (
              <>
                {t("warnings.same_town_same_day", { count: w.otherEventIds.length })}{" "}
                {w.otherEventIds.map((id) => (
                  <a key={id} href={`/admin/events/${id}`} className="warning-link">
                    #{id}
                  </a>
                ))}
              </>
            )}
            {w.code === "capacity_below_audience" && t("warnings.capacity_below_audience", { capacity: w.capacity, audience: w.expectedAudience })}
            {w.code === "ferry_after_last_crossing" && t("warnings.ferry_after_last_crossing", { time: w.lastDeparture })}
          </li>
        ))}
      </ul>
    </div>
  );
}
