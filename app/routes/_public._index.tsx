import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { EventList } from "~/components/EventList";
import { localize } from "~/domain/localizedText";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { listUpcomingPublicEvents } from "~/models/publicEvent.server";
import { listRegions } from "~/models/region.server";
import { nowIso } from "~/utils/clock.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const [events, regions] = await Promise.all([listUpcomingPublicEvents({ after: nowIso(), limit: 12 }), listRegions(locale)]);
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  // Grouped by county in the order of each county's first event, so the soonest comes first.
  const groups = new Map<string, { code: string; name: string; events: ReturnType<typeof toItem>[] }>();
  function toItem(e: (typeof events)[number]) {
    return { ...e, title: localize(e.titleJson, locale) };
  }
  for (const event of events) {
    const group = groups.get(event.regionCode) ?? { code: event.regionCode, name: regionName.get(event.regionCode) ?? event.regionCode, events: [] };
    group.events.push(toItem(event));
    groups.set(event.regionCode, group);
  }
  return json({ title: `Tuttav — ${t("home.title")}`, groups: [...groups.values()] });
}

export default function Home() {
  const { groups } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
        <div className="hero-actions">
          <Link className="button" to="/events">
            {t("home.ctaEvents")}
          </Link>
          <Link className="button secondary" to="/request">
            {t("home.ctaRequest")}
          </Link>
          <Link className="button secondary" to="/join">
            {t("home.ctaJoin")}
          </Link>
        </div>
      </section>
      <section aria-labelledby="next-events">
        <h2 id="next-events">{t("home.nextEvents")}</h2>
        {groups.length === 0 ? <p className="empty">{t("home.noEvents")}</p> : null}
        {groups.map((group) => (
          <section key={group.code} className="region-group" aria-label={group.name}>
            <h3 className="region-name">
              <Link to={`/events?region=${group.code}`}>{group.name}</Link>
            </h3>
            <EventList events={group.events} />
          </section>
        ))}
        <p>
          <Link to="/events">{t("home.allEvents")}</Link>
        </p>
      </section>
    </>
  );
}
