import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { FilterSelect } from "~/components/FilterSelect";
import { EstoniaMap, type MapTown } from "~/components/EstoniaMap";
import { EventList } from "~/components/EventList";
import { SubscribeLinks } from "~/components/SubscribeLinks";
import { localize } from "~/domain/localizedText";
import { zonedInstant } from "~/domain/schedule";
import { EVENT_KINDS, type Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { comingMonths, countUpcomingPublicEvents, findTown, listTownsWithUpcomingEvents, listUpcomingPublicEvents } from "~/models/publicEvent.server";
import { listRegions } from "~/models/region.server";
import { nowIso } from "~/utils/clock.server";
import { formatInTallinn } from "~/utils/dates";
import { trustedOrigin } from "~/utils/origin.server";

import eventsStyles from "~/styles/events.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

// Filters come from links people share and bookmark: a value we cannot use means "any", never an error.
const FilterSchema = z.object({
  region: z
    .string()
    .regex(/^EE-\d{2}$/)
    .nullish()
    .catch(null),
  town: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullish().catch(null),
  kind: z.enum(EVENT_KINDS).nullish().catch(null),
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .nullish()
    .catch(null),
  page: z.coerce.number().int().min(1).max(100_000).nullish().catch(null),
});

/** Events per page: a season of a thousand events is read a page at a time, grouped by month. */
export const EVENTS_PER_PAGE = 30;

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const search = new URL(request.url).searchParams;
  const params = FilterSchema.parse(Object.fromEntries(["region", "town", "kind", "month", "page"].map((k) => [k, search.get(k) || null])));
  const after = nowIso();

  const regions = await listRegions(locale);
  const months = comingMonths(new Date(after));
  let region = regions.some((r) => r.code === params.region) ? params.region! : null;
  const kind = params.kind ?? null;
  const month = params.month && months.includes(params.month) ? params.month : null;
  let town = params.town ? await findTown(params.town) : null;
  // A county chosen in the form wins over a town picked on the map before.
  if (town && region && town.regionCode !== region) town = null;
  if (town) region = town.regionCode;

  const filter = { after, regionCode: region, townId: town?.id ?? null, kind, month };
  const total = await countUpcomingPublicEvents(filter);
  const pages = Math.max(1, Math.ceil(total / EVENTS_PER_PAGE));
  // A page past the end (an old bookmark) shows the last one.
  const page = Math.min(params.page ?? 1, pages);
  const [events, mapTowns] = await Promise.all([
    listUpcomingPublicEvents({ ...filter, limit: EVENTS_PER_PAGE, offset: (page - 1) * EVENTS_PER_PAGE }),
    // The map shows every county, so it stays a way to move between them.
    listTownsWithUpcomingEvents({ after, kind, month }),
  ]);

  const monthGroups: { month: string; label: string; events: ReturnType<typeof toCard>[] }[] = [];
  function toCard(e: (typeof events)[number]) {
    return {
      id: e.id,
      kind: e.kind,
      state: e.state,
      audience: e.audience,
      title: localize(e.titleJson, locale),
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      venueName: e.venueName,
      townName: e.townName,
      offers: e.offers,
    };
  }
  for (const event of events) {
    const key = formatInTallinn(event.startsAt, "yyyy-MM", locale);
    let group = monthGroups.at(-1);
    if (group?.month !== key) {
      group = { month: key, label: monthLabel(key, locale), events: [] };
      monthGroups.push(group);
    }
    group.events.push(toCard(event));
  }

  return json({
    title: `Tuttav — ${t("publicEvents.title")}`,
    filters: { region, kind, month, townId: town?.id ?? null },
    town,
    regions,
    months: months.map((value) => ({ value, label: monthLabel(value, locale) })),
    total,
    page: { number: page, count: pages, first: (page - 1) * EVENTS_PER_PAGE + 1, last: (page - 1) * EVENTS_PER_PAGE + events.length },
    monthGroups,
    mapTowns: mapTowns.map((m): MapTown => ({ id: m.id, name: m.name, regionCode: m.regionCode, lat: m.lat, lon: m.lon, count: m.count })),
    origin: trustedOrigin(),
  });
}

/** "Detsember 2026" / "December 2026" / "Декабрь 2026". */
function monthLabel(month: string, locale: Locale): string {
  const label = formatInTallinn(zonedInstant(`${month}-15`, "12:00").toISOString(), "LLLL yyyy", locale);
  return label.charAt(0).toLocaleUpperCase(locale) + label.slice(1);
}

export default function PublicEvents() {
  const { filters, town, regions, months, total, page, monthGroups, mapTowns, origin } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const location = useLocation();
  const regionNames = Object.fromEntries(regions.map((r) => [r.code, r.name]));
  const filtered = Boolean(filters.region || filters.kind || filters.month || filters.townId);

  const townHref = (mapTown: MapTown) => {
    const params = new URLSearchParams({ town: String(mapTown.id) });
    if (filters.kind) params.set("kind", filters.kind);
    if (filters.month) params.set("month", filters.month);
    return `/events?${params}`;
  };
  // Another page of the same list: the query as it is, with only the page changed.
  const pageHref = (number: number) => {
    const params = new URLSearchParams(location.search);
    params.delete("lng");
    if (number === 1) params.delete("page");
    else params.set("page", String(number));
    const query = params.toString();
    return query ? `/events?${query}` : "/events";
  };
  const regionHref = (code: string) => {
    const params = new URLSearchParams({ region: code });
    if (filters.kind) params.set("kind", filters.kind);
    if (filters.month) params.set("month", filters.month);
    return `/events?${params}`;
  };

  return (
    <div className="public-events">
      <h1>{t("publicEvents.title")}</h1>
      <p className="lead">{t("publicEvents.lead")}</p>

      {/* Keyed on the query so the selects follow a map click made after the page loaded. */}
      <Form method="get" action="/events" className="event-filters" key={location.search} aria-label={t("publicEvents.filters.legend")}>
        <FilterSelect
          id="filter-region"
          name="region"
          label={t("publicEvents.filters.region")}
          anyLabel={t("publicEvents.filters.allRegions")}
          defaultValue={filters.region ?? ""}
          options={regions.map((r) => ({ value: r.code, label: r.name }))}
        />
        <FilterSelect
          id="filter-kind"
          name="kind"
          label={t("publicEvents.filters.kind")}
          anyLabel={t("publicEvents.filters.allKinds")}
          defaultValue={filters.kind ?? ""}
          options={EVENT_KINDS.map((kind) => ({ value: kind, label: t(`event.kind.${kind}`) }))}
        />
        <FilterSelect
          id="filter-month"
          name="month"
          label={t("publicEvents.filters.month")}
          anyLabel={t("publicEvents.filters.anyMonth")}
          defaultValue={filters.month ?? ""}
          options={months.map((m) => ({ value: m.value, label: m.label }))}
        />
        <div className="event-filters-actions">
          <button type="submit">{t("publicEvents.filters.submit")}</button>
          {filtered ? <Link to="/events">{t("publicEvents.filters.clear")}</Link> : null}
        </div>
      </Form>

      <SubscribeLinks
        feed={`/feeds/events.ics${filters.region || filters.kind ? `?${new URLSearchParams([...(filters.region ? [["region", filters.region]] : []), ...(filters.kind ? [["kind", filters.kind]] : [])])}` : ""}`}
        origin={origin}
      />

      <div className="events-layout">
        <section className="events-map" aria-labelledby="events-map-title">
          <h2 id="events-map-title" className="events-map-title">
            {t("map.title")}
          </h2>
          <EstoniaMap towns={mapTowns} regionNames={regionNames} townHref={townHref} highlightRegion={filters.region} selectedTownId={filters.townId} />
          <ul className="map-town-list">
            {mapTowns.map((mapTown) => (
              <li key={mapTown.id}>
                <Link
                  to={townHref(mapTown)}
                  aria-current={mapTown.id === filters.townId ? "true" : undefined}
                  className={mapTown.regionCode === filters.region ? "in-region" : undefined}
                >
                  {mapTown.name} <span className="map-town-list-count">{mapTown.count}</span>
                </Link>
              </li>
            ))}
          </ul>
          <p className="map-source">{t("map.source")}</p>
        </section>

        <section className="events-results" aria-labelledby="events-count">
          <p id="events-count" className="events-count" role="status">
            {t("publicEvents.found", { count: total })}
          </p>
          {town ? (
            <p className="notice">
              {t("publicEvents.townNotice", { town: town.name })}{" "}
              <Link to={regionHref(town.regionCode)}>{t("publicEvents.wholeRegion", { region: regionNames[town.regionCode] ?? town.regionCode })}</Link>
            </p>
          ) : null}
          {total === 0 ? (
            <div className="events-empty">
              <p className="empty">{t("publicEvents.empty")}</p>
              <p>
                <Link to="/events">{t("publicEvents.filters.clear")}</Link>
              </p>
            </div>
          ) : null}
          {monthGroups.map((group) => (
            <section key={group.month} className="month-group" aria-labelledby={`month-${group.month}`}>
              <h2 id={`month-${group.month}`}>{group.label}</h2>
              <EventList events={group.events} />
            </section>
          ))}
          {page.count > 1 ? (
            <nav className="event-pages" aria-label={t("eventPages.nav")}>
              <p>{t("eventPages.shown", { from: page.first, to: page.last, total })}</p>
              <p className="event-pages-links">
                {page.number > 1 ? <Link to={pageHref(page.number - 1)}>← {t("eventPages.earlier")}</Link> : null}
                {page.number < page.count ? <Link to={pageHref(page.number + 1)}>{t("eventPages.more")} →</Link> : null}
              </p>
            </nav>
          ) : null}
        </section>
      </div>
    </div>
  );
}
