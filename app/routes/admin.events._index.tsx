import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { FilterSelect } from "~/components/FilterSelect";
import { localize } from "~/domain/localizedText";
import { isMonth, localDateOf, monthGrid, neighbourMonths, zonedInstant } from "~/domain/schedule";
import { EVENT_KINDS, EVENT_STATES, isOneOf, type EventKind, type EventState, type Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { countEventsForAdmin, listEventsForAdmin } from "~/models/event/query.server";
import { listRegions } from "~/models/region.server";
import { useDelegatedLinks } from "~/utils/delegatedLinks";
import { useLocale } from "~/utils/locale";
import { requireCoordinator } from "~/models/auth.server";
import { nowIso } from "~/utils/clock.server";
import { formatInTallinn, formatMonth, formatShortDate, formatTimeRange } from "~/utils/dates";
import { pageTitle } from "~/utils/pageTitle";

import scheduleStyles from "~/styles/schedule.css";

export const links = () => [{ rel: "stylesheet", href: scheduleStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

/** Events per page of the list: a season of a thousand events is read a page at a time. */
export const ADMIN_EVENTS_PER_PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const url = new URL(request.url);
  const view = url.searchParams.get("view") === "month" ? "month" : "list";
  const region = url.searchParams.get("region") || null;
  const kindParam = url.searchParams.get("kind");
  const stateParam = url.searchParams.get("state");
  const kind = isOneOf(EVENT_KINDS, kindParam) ? kindParam : null;
  const state = isOneOf(EVENT_STATES, stateParam) ? stateParam : null;
  const today = localDateOf(nowIso());
  const monthParam = url.searchParams.get("month");
  const month = isMonth(monthParam) ? monthParam : today.slice(0, 7);
  // The list shows what is still to come (and "past" on request), a page at a time; the month view its weeks.
  const past = url.searchParams.get("past") === "1";
  const filter = { regionCode: region, kind, state };
  const common = { title: pageTitle(t("admin.nav.events")), filters: { region, kind, state, month, past }, regions: await listRegions(locale) };
  // Each view gets only what it shows.
  if (view === "month") {
    const weeks = monthGrid(month);
    const events = await listEventsForAdmin({
      ...filter,
      from: zonedInstant(weeks[0][0], "00:00").toISOString(),
      to: zonedInstant(weeks[weeks.length - 1][6], "23:59").toISOString(),
    });
    return json({
      ...common,
      view: "month" as const,
      today,
      weeks,
      neighbours: neighbourMonths(month),
      events: events.map((e) => ({
        id: e.id,
        state: e.state,
        title: localize(e.title, locale) || `#${e.id}`,
        startsAt: e.starts_at,
        localDate: localDateOf(e.starts_at),
        townName: e.town_name,
      })),
    });
  }
  const range = past ? { from: null, to: nowIso() } : { from: nowIso(), to: null };
  const total = await countEventsForAdmin({ ...filter, ...range });
  const pages = Math.max(1, Math.ceil(total / ADMIN_EVENTS_PER_PAGE));
  const pageParam = Number(url.searchParams.get("page") ?? "1");
  // Not a page number: the first page; past the end (an old bookmark): the last one.
  const number = Math.min(Number.isInteger(pageParam) && pageParam >= 1 ? pageParam : 1, pages);
  const offset = (number - 1) * ADMIN_EVENTS_PER_PAGE;
  const events = await listEventsForAdmin({ ...filter, ...range, newestFirst: past, limit: ADMIN_EVENTS_PER_PAGE, offset });
  return json({
    ...common,
    view: "list" as const,
    total,
    page: { number, count: pages, first: offset + 1, last: offset + events.length },
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      state: e.state,
      title: localize(e.title, locale) || `#${e.id}`,
      startsAt: e.starts_at,
      endsAt: e.ends_at,
      venueName: e.venue_name,
      townName: e.town_name,
      isPublic: e.is_public === 1,
      slots: Number(e.slot_count),
      accepted: Number(e.accepted_count),
    })),
  });
}

export default function AdminEvents() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const followLink = useDelegatedLinks();
  const { filters } = data;
  const query = (changes: Record<string, string | null>) => {
    const params = new URLSearchParams();
    const merged: Record<string, string | null> = {
      view: data.view,
      region: filters.region,
      kind: filters.kind,
      state: filters.state,
      month: data.view === "month" ? filters.month : null,
      ...changes,
    };
    for (const [key, value] of Object.entries(merged)) if (value) params.set(key, value);
    return `?${params}`;
  };
  /** Another page of the list as it is (filters, past or upcoming). */
  const pageHref = (number: number) => `${query({})}${filters.past ? "&past=1" : ""}${number > 1 ? `&page=${number}` : ""}`;
  // Translated once per render, not once per row (each t() call costs; profiled).
  const kindLabels = Object.fromEntries(EVENT_KINDS.map((k) => [k, t(`event.kind.${k}`)])) as Record<EventKind, string>;
  const stateLabels = Object.fromEntries(EVENT_STATES.map((k) => [k, t(`event.state.${k}`)])) as Record<EventState, string>;
  const filledLabels = new Map<string, string>();
  const filledLabel = (filled: number, slots: number) => {
    const key = `${filled}/${slots}`;
    let label = filledLabels.get(key);
    if (label === undefined) filledLabels.set(key, (label = t("adminEvents.list.filled", { filled, slots })));
    return label;
  };

  return (
    <>
      <div className="page-head">
        <h1>{t("admin.nav.events")}</h1>
        <div className="page-actions">
          <Link className="button" to="/admin/events/new">
            {t("adminEvents.newEvent")}
          </Link>
          <Link className="button secondary" to="/admin/series/new">
            {t("series.newSeries")}
          </Link>
        </div>
      </div>

      <Form method="get" className="filters" aria-label={t("adminEvents.filters.label")}>
        <input type="hidden" name="view" value={data.view} />
        {data.view === "month" ? <input type="hidden" name="month" value={filters.month} /> : null}
        {data.view === "list" && filters.past ? <input type="hidden" name="past" value="1" /> : null}
        <FilterSelect
          id="filter-region"
          name="region"
          label={t("adminEvents.filters.region")}
          anyLabel={t("adminEvents.filters.all")}
          defaultValue={filters.region}
          options={data.regions.map((r) => ({ value: r.code, label: r.name }))}
        />
        <FilterSelect
          id="filter-kind"
          name="kind"
          label={t("adminEvents.filters.kind")}
          anyLabel={t("adminEvents.filters.all")}
          defaultValue={filters.kind}
          options={EVENT_KINDS.map((k) => ({ value: k, label: kindLabels[k] }))}
        />
        <FilterSelect
          id="filter-state"
          name="state"
          label={t("adminEvents.filters.state")}
          anyLabel={t("adminEvents.filters.all")}
          defaultValue={filters.state}
          options={EVENT_STATES.map((k) => ({ value: k, label: stateLabels[k] }))}
        />
        <button type="submit" className="secondary">
          {t("adminEvents.filters.apply")}
        </button>
      </Form>

      <nav className="view-switch" aria-label={t("adminEvents.view.label")}>
        <Link to={query({ view: "list", month: null })} aria-current={data.view === "list" ? "page" : undefined}>
          {t("adminEvents.view.list")}
        </Link>
        <Link to={query({ view: "month", month: filters.month })} aria-current={data.view === "month" ? "page" : undefined}>
          {t("adminEvents.view.month")}
        </Link>
      </nav>

      {data.view === "list" ? (
        <>
          <p className="list-scope">
            {filters.past ? t("adminEvents.list.past") : t("adminEvents.list.upcoming")} ·{" "}
            <Link to={filters.past ? query({}) : `${query({})}&past=1`}>{filters.past ? t("adminEvents.list.showUpcoming") : t("adminEvents.list.showPast")}</Link>
          </p>
          {data.events.length === 0 ? (
            <p className="empty">{t("adminEvents.list.empty")}</p>
          ) : (
            <table className="events-table">
              <thead>
                <tr>
                  <th>{t("adminEvents.list.when")}</th>
                  <th>{t("adminEvents.list.event")}</th>
                  <th>{t("adminEvents.list.where")}</th>
                  <th>{t("adminEvents.list.state")}</th>
                  <th>{t("adminEvents.list.lineup")}</th>
                </tr>
              </thead>
              <tbody onClick={followLink}>
                {data.events.map((e) => (
                  <tr key={e.id}>
                    <td>
                      {formatShortDate(e.startsAt, locale)}
                      <br />
                      <span className="muted">{formatTimeRange(e.startsAt, e.endsAt, locale)}</span>
                    </td>
                    <td>
                      <a href={`/admin/events/${e.id}`}>{e.title}</a>
                      <br />
                      <span className={`tag tag-${e.kind}`}>{kindLabels[e.kind]}</span>
                      {e.isPublic ? null : <span className="tag">{t("adminEvents.list.private")}</span>}
                    </td>
                    <td>
                      {e.venueName}
                      <br />
                      <span className="muted">{e.townName}</span>
                    </td>
                    <td>
                      <span className={`tag state-${e.state}`}>{stateLabels[e.state]}</span>
                    </td>
                    <td>{filledLabel(e.accepted, e.slots)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {data.page.count > 1 ? (
            <nav className="event-pages" aria-label={t("eventPages.nav")}>
              <p>{t("eventPages.shown", { from: data.page.first, to: data.page.last, total: data.total })}</p>
              <p className="event-pages-links">
                {/* The upcoming list runs forward in time, the past one backward. */}
                {data.page.number > 1 ? <Link to={pageHref(data.page.number - 1)}>← {t(filters.past ? "eventPages.more" : "eventPages.earlier")}</Link> : null}
                {data.page.number < data.page.count ? <Link to={pageHref(data.page.number + 1)}>{t(filters.past ? "eventPages.earlier" : "eventPages.more")} →</Link> : null}
              </p>
            </nav>
          ) : null}
        </>
      ) : (
        <section aria-labelledby="month-title">
          <div className="month-head">
            <Link to={query({ month: data.neighbours.previous })} aria-label={t("adminEvents.month.previous")}>
              ←
            </Link>
            <h2 id="month-title">{formatMonth(filters.month, locale)}</h2>
            <Link to={query({ month: data.neighbours.next })} aria-label={t("adminEvents.month.next")}>
              →
            </Link>
          </div>
          <table className="month-grid">
            <thead>
              <tr>
                {data.weeks[0].map((day) => (
                  <th key={day} scope="col">
                    {formatInTallinn(`${day}T12:00:00Z`, "EEEEEE", locale)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody onClick={followLink}>
              {data.weeks.map((week) => (
                <tr key={week[0]}>
                  {week.map((day) => (
                    <td key={day} className={[day.slice(0, 7) === filters.month ? "" : "outside", day === data.today ? "today" : ""].join(" ").trim() || undefined}>
                      <span className="day-number">{Number(day.slice(8))}</span>
                      <ul>
                        {data.events
                          .filter((e) => e.localDate === day)
                          .map((e) => (
                            <li key={e.id} className={`cal-event state-${e.state}`}>
                              <a href={`/admin/events/${e.id}`} title={`${e.title} — ${e.townName}`}>
                                <span className="cal-time">{formatInTallinn(e.startsAt, "p", locale)}</span> {e.townName}
                              </a>
                            </li>
                          ))}
                      </ul>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
