import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { EventList } from "~/components/EventList";
import { SubscribeLinks } from "~/components/SubscribeLinks";
import { localize } from "~/domain/localizedText";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { parseId } from "~/utils/params";
import { getPublicVenue } from "~/models/publicVenue.server";
import { listRegions } from "~/models/region.server";
import { trustedOrigin } from "~/utils/origin.server";
import { pageTitle } from "~/utils/pageTitle";
import { notFound } from "~/utils/params";

import eventsStyles from "~/styles/events.css";
import feedsStyles from "~/styles/feeds.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: eventsStyles },
  { rel: "stylesheet", href: feedsStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const venue = await getPublicVenue(parseId(params.id));
  if (!venue) throw notFound();
  const locale = (await i18next.getLocale(request)) as Locale;
  const regions = await listRegions(locale);
  return json({
    title: pageTitle(`${venue.name}, ${venue.townName}`),
    venue: {
      ...venue,
      regionName: regions.find((r) => r.code === venue.regionCode)?.name ?? venue.regionCode,
      events: venue.events.map((e) => ({ ...e, title: localize(e.titleJson, locale), venueName: venue.name, townName: venue.townName, offers: [] as string[] })),
    },
    origin: trustedOrigin(),
    feed: `/feeds/venues/${venue.id}.ics`,
  });
}

export default function PublicVenue() {
  const { venue, origin, feed } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <article className="public-venue">
      <p className="back-link">
        <Link to={`/events?region=${venue.regionCode}`}>← {t("venuePage.back", { region: venue.regionName })}</Link>
      </p>
      <h1>{venue.name}</h1>
      <p className="venue-address">{[venue.address, venue.townName].filter(Boolean).join(", ")}</p>
      <ul className="venue-facts" aria-label={t("venuePage.facts")}>
        <li className="tag">{t(`venuePage.type.${venue.type}`)}</li>
        <li className="tag">{venue.stepFree ? t("venuePage.stepFree") : t("venuePage.notStepFree")}</li>
        <li className="tag">{venue.childFriendly ? t("venuePage.childFriendly") : t("venuePage.notChildFriendly")}</li>
        {venue.capacity ? <li className="tag">{t("venuePage.capacity", { count: venue.capacity })}</li> : null}
      </ul>

      <SubscribeLinks feed={feed} origin={origin} open />

      <section aria-labelledby="venue-events">
        <h2 id="venue-events">{t("venuePage.upcoming")}</h2>
        {venue.events.length === 0 ? <p className="empty">{t("venuePage.noEvents")}</p> : <EventList events={venue.events} />}
      </section>
    </article>
  );
}
