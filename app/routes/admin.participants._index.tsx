import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { FilterSelect } from "~/components/FilterSelect";
import { filterDirectory, isPaused, LOAD_BANDS, type DirectoryFilters } from "~/domain/participants/directory";
import { seasonStart } from "~/domain/participants/season";
import { localDateOf, zonedInstant } from "~/domain/schedule";
import { PARTICIPANT_LANGUAGES } from "~/domain/languages";
import { isOneOf, OFFERS, TIMES_OF_DAY, WEEKDAYS_MONDAY_FIRST, type Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { listDirectoryRows } from "~/models/participant/directory.server";
import { getFormOptions } from "~/models/participant/formOptions.server";
import { requireCoordinator } from "~/models/auth.server";
import { nowIso } from "~/utils/clock.server";
import { formatLongLocalDate } from "~/utils/dates";
import { pageTitle } from "~/utils/pageTitle";
import { useLocale } from "~/utils/locale";
import href from "~/styles/participants.css";

export const links = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

/** Filters from the query string; anything unknown is ignored rather than refused. */
function readFilters(url: URL): DirectoryFilters {
  const get = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  const oneOf = <T extends readonly string[]>(value: string | undefined, allowed: T) => (isOneOf(allowed, value) ? value : undefined);
  const weekday = get("weekday");
  return {
    q: get("q")?.slice(0, 100),
    language: oneOf(get("language"), PARTICIPANT_LANGUAGES),
    offer: oneOf(get("offer"), OFFERS),
    region: get("region")?.match(/^EE-\d{2}$/) ? get("region") : undefined,
    weekday: weekday && /^[0-6]$/.test(weekday) ? Number(weekday) : undefined,
    timeOfDay: oneOf(get("time"), TIMES_OF_DAY),
    load: oneOf(get("load"), LOAD_BANDS),
    availableOnly: url.searchParams.get("available") === "1",
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const url = new URL(request.url);
  const filters = readFilters(url);
  const today = localDateOf(nowIso());
  const season = seasonStart(today);
  const [rows, options] = await Promise.all([listDirectoryRows(zonedInstant(season, "00:00").toISOString()), getFormOptions(locale)]);
  const participants = filterDirectory(rows, filters, today).map((p) => ({ ...p, paused: isPaused(p.pausedUntil, today) }));
  return json({
    title: pageTitle(t("participantAdmin.title")),
    total: rows.length,
    participants,
    filters,
    // The language switch is not a filter.
    raw: Object.fromEntries([...url.searchParams].filter(([key, value]) => key !== "lng" && value !== "")),
    seasonStart: season,
    regions: options.towns.map((r) => ({ code: r.code, name: r.name })),
    // The quick choices and every other language someone on file speaks (any ISO 639-1).
    languages: options.languages.filter((l) => l.common || rows.some((row) => row.languages.some((spoken) => spoken.code === l.code))),
  });
}

export default function ParticipantDirectory() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const raw = data.raw as Record<string, string>;
  const regionName = new Map(data.regions.map((r) => [r.code, r.name]));
  const languageName = new Map<string, string>(data.languages.map((l) => [l.code, l.name]));
  const filtered = data.participants.length !== data.total;
  return (
    <div className="participant-directory">
      <h1>{t("participantAdmin.title")}</h1>
      <div className="page-actions">
        <p className="lead">
          {filtered ? t("participantAdmin.showing", { count: data.participants.length, total: data.total }) : t("participantAdmin.count", { count: data.total })}
        </p>
        <Link className="button secondary" to="/admin/participants/import">
          {t("participantAdmin.import")}
        </Link>
        <a className="button secondary" href="/admin/participants.csv" download>
          {t("participantCsv.download")}
        </a>
      </div>

      <Form method="get" className="directory-filters" role="search">
        <div className="field search">
          <label htmlFor="filter-q">{t("participantAdmin.search")}</label>
          <input id="filter-q" type="search" name="q" defaultValue={raw.q ?? ""} placeholder={t("participantAdmin.searchPlaceholder")} />
        </div>
        <FilterSelect
          id="filter-language"
          name="language"
          label={t("participantAdmin.language")}
          anyLabel={t("participantAdmin.any")}
          defaultValue={raw.language ?? ""}
          options={data.languages.map((l) => ({ value: l.code, label: l.name }))}
        />
        <FilterSelect
          id="filter-offer"
          name="offer"
          label={t("participantAdmin.offer")}
          anyLabel={t("participantAdmin.any")}
          defaultValue={raw.offer ?? ""}
          options={OFFERS.map((o) => ({ value: o, label: t(`offer.${o}`) }))}
        />
        <FilterSelect
          id="filter-region"
          name="region"
          label={t("participantAdmin.region")}
          anyLabel={t("participantAdmin.any")}
          defaultValue={raw.region ?? ""}
          options={data.regions.map((r) => ({ value: r.code, label: r.name }))}
        />
        <FilterSelect
          id="filter-weekday"
          name="weekday"
          label={t("participantAdmin.weekday")}
          anyLabel={t("participantAdmin.any")}
          defaultValue={raw.weekday ?? ""}
          options={WEEKDAYS_MONDAY_FIRST.map((d) => ({ value: d, label: t(`participantForm.weekday.${d}`) }))}
        />
        <FilterSelect
          id="filter-time"
          name="time"
          label={t("participantAdmin.time")}
          anyLabel={t("participantAdmin.any")}
          defaultValue={raw.time ?? ""}
          options={TIMES_OF_DAY.map((time) => ({ value: time, label: t(`participantForm.timeOfDay.${time}`) }))}
        />
        <FilterSelect
          id="filter-load"
          name="load"
          label={t("participantAdmin.load")}
          anyLabel={t("participantAdmin.any")}
          defaultValue={raw.load ?? ""}
          options={LOAD_BANDS.map((band) => ({ value: band, label: t(`participantAdmin.loadBand.${band}`) }))}
        />
        <label className="check">
          <input type="checkbox" name="available" value="1" defaultChecked={raw.available === "1"} />
          <span>{t("participantAdmin.availableOnly")}</span>
        </label>
        <div className="actions">
          <button type="submit">{t("participantAdmin.filter")}</button>
          {Object.keys(raw).length > 0 ? <Link to="/admin/participants">{t("participantAdmin.clear")}</Link> : null}
        </div>
      </Form>

      {data.participants.length === 0 ? (
        <p className="empty">{t("participantAdmin.none")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("participantAdmin.caption", { date: formatLongLocalDate(data.seasonStart, locale) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("participantAdmin.col.name")}</th>
                <th scope="col">{t("participantAdmin.col.home")}</th>
                <th scope="col">{t("participantAdmin.col.languages")}</th>
                <th scope="col">{t("participantAdmin.col.offers")}</th>
                <th scope="col">{t("participantAdmin.col.load")}</th>
                <th scope="col">{t("participantAdmin.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {data.participants.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/admin/participants/${p.id}`}>
                      {p.firstName} {p.lastName ?? ""}
                    </Link>
                  </td>
                  <td>
                    {p.homeTown ?? "—"}
                    {p.regionCode ? <div className="hint">{regionName.get(p.regionCode)}</div> : null}
                  </td>
                  <td>{p.languages.map((l) => `${languageName.get(l.code) ?? l.code} (${t(`participantForm.level.${l.level}`)})`).join(", ")}</td>
                  <td>
                    {p.offers.map((o) => (
                      <span key={o} className="tag tag-offer">
                        {t(`offer.${o}`)}
                      </span>
                    ))}
                  </td>
                  <td>{t("participantAdmin.loadValue", { count: p.load })}</td>
                  <td>
                    {p.paused && p.pausedUntil ? (
                      <span className="tag status-declined">{t("participantAdmin.pausedUntil", { date: formatLongLocalDate(p.pausedUntil, locale) })}</span>
                    ) : (
                      <span className="tag status-accepted">{t("participantAdmin.active")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
