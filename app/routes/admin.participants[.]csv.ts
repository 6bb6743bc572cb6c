import type { LoaderFunctionArgs } from "@remix-run/node";

import { participantCsv } from "~/domain/participants/csvExport";
import { seasonStart } from "~/domain/participants/season";
import { localDateOf, zonedInstant } from "~/domain/schedule";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { listDirectoryRows } from "~/models/participant/directory.server";
import { listRegions } from "~/models/region.server";
import { requireCoordinator } from "~/models/auth.server";
import { nowIso } from "~/utils/clock.server";

/** /admin/participants.csv: the participant directory for a spreadsheet, coordinators only. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const today = localDateOf(nowIso());
  const [rows, regions] = await Promise.all([listDirectoryRows(zonedInstant(seasonStart(today), "00:00").toISOString()), listRegions(locale)]);
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  const languageNames = new Intl.DisplayNames([locale], { type: "language", fallback: "code" });
  const body = participantCsv(rows, {
    column: (column) => t(`participantCsv.columns.${column}`),
    region: (code) => regionName.get(code) ?? code,
    language: (code, level) => `${languageNames.of(code) ?? code} (${t(`participantForm.level.${level}`)})`,
    offer: (offer) => t(`offer.${offer}`),
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${t("participantCsv.filename")}-${today}.csv"`,
      // Personal data: never kept by a shared cache.
      "Cache-Control": "no-store",
    },
  });
}
