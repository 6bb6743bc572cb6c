import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { EstoniaMap } from "~/components/EstoniaMap";
import { pickText, parseLocalizedText } from "~/domain/localizedText";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { listYouSaidWeDid } from "~/models/feedback.server";
import { getPublicEvent } from "~/models/publicEvent.server";
import { listRegions } from "~/models/region.server";
import { useLocale } from "~/utils/locale";
import { nowIso } from "~/utils/clock.server";
import { formatLongDate, formatTimeRange } from "~/utils/dates";
import { languageName } from "~/utils/languageNames";
import { notFound, parseId } from "~/utils/params";

import eventsStyles from "~/styles/events.css";
import feedbackStyles from "~/styles/feedback.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: eventsStyles },
  { rel: "stylesheet", href: feedbackStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = parseId(params.id);
  const event = id ? await getPublicEvent(id) : null;
  if (!event) throw notFound();
  const locale = (await i18next.getLocale(request)) as Locale;
  const regions = await listRegions(locale);
  // Answered feedback, "you said, we did" (issue 16): who said it by kind only, never by name.
  const youSaidWeDid = (await listYouSaidWeDid({ eventId: event.id })).map((f) => ({ id: f.id, author: f.author, rating: f.rating, said: f.said, did: f.did }));

  const title = pickText(parseLocalizedText(event.titleJson), locale);
  const description = pickText(parseLocalizedText(event.descriptionJson), locale);
  return json({
    title: title?.text ?? "Tuttav",
    event: {
      id: event.id,
      kind: event.kind,
      state: event.state,
      title: title?.text ?? "",
      titleLocale: title?.locale ?? locale,
      description: description?.text ?? "",
      descriptionLocale: description?.locale ?? locale,
      // Said when the text is not in the reader's language, so a fallback is not a surprise.
      descriptionLanguage: description && description.locale !== locale ? languageName(description.locale, locale) : null,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      languages: event.languages.map((code) => languageName(code, locale)),
      inSeries: event.seriesId !== null,
      audience: event.audience,
      outcomeSaid: event.outcomeSaid,
      outcomeDone: event.outcomeDone,
      cancelReason: event.cancelReason,
      venue: event.venue,
      town: event.town,
      regionName: regions.find((r) => r.code === event.town.regionCode)?.name ?? event.town.regionCode,
      offers: event.offers,
      lineUp: event.lineUp,
      // Feedback opens once the event has begun (see the feedback route).
      feedbackOpen: event.state !== "cancelled" && event.startsAt <= nowIso(),
    },
    regionNames: Object.fromEntries(regions.map((r) => [r.code, r.name])),
    youSaidWeDid,
  });
}

export default function PublicEvent() {
  const { event, regionNames, youSaidWeDid } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const upcoming = event.state === "planned" || event.state === "confirmed";
  const mapTown = { ...event.town, count: 1 };
  return (
    <article className="public-event">
      <p className="back-link">
        <Link to="/events">← {t("publicEvents.event.back")}</Link>
      </p>
      <h1 lang={event.titleLocale}>{event.title}</h1>
      <p className="event-tags">
        <span className={`tag tag-${event.kind}`}>{t(`event.kind.${event.kind}`)}</span>
        <span className={`tag state-${event.state}`} data-state={event.state}>
          {t(`event.state.${event.state}`)}
        </span>
        {event.audience !== "everyone" ? <span className="tag tag-audience">{t(`audience.label.${event.audience}`)}</span> : null}
      </p>

      {event.state === "cancelled" ? (
        <div className="event-cancelled" role="note">
          <p>
            <strong>{t("publicEvents.event.cancelled")}</strong>
          </p>
          {event.cancelReason ? <p>{t("publicEvents.event.cancelReason", { reason: event.cancelReason })}</p> : null}
        </div>
      ) : null}
      {event.state === "completed" ? <p className="notice">{t("publicEvents.event.completed")}</p> : null}

      <div className="event-body">
        <div className="event-main">
          <dl className="event-facts">
            <div>
              <dt>{t("publicEvents.event.when")}</dt>
              <dd>
                <time dateTime={event.startsAt}>{formatLongDate(event.startsAt, locale)}</time>
                <br />
                <span className="event-time">{formatTimeRange(event.startsAt, event.endsAt, locale)}</span>
              </dd>
            </div>
            <div>
              <dt>{t("publicEvents.event.where")}</dt>
              <dd>
                {event.venue.name}
                {event.venue.address ? `, ${event.venue.address}` : ""}
                <br />
                {event.town.name}, {event.regionName}
                {event.town.onIsland && upcoming ? <span className="event-island">{t("publicEvents.event.island", { town: event.town.name })}</span> : null}
              </dd>
            </div>
            <div>
              <dt>{t("publicEvents.event.access")}</dt>
              <dd>
                <ul className="event-access">
                  <li className={event.venue.stepFree ? "yes" : "no"}>{event.venue.stepFree ? t("publicEvents.event.stepFree") : t("publicEvents.event.notStepFree")}</li>
                  <li className={event.venue.childFriendly ? "yes" : "no"}>
                    {event.venue.childFriendly ? t("publicEvents.event.childFriendly") : t("publicEvents.event.notChildFriendly")}
                  </li>
                </ul>
              </dd>
            </div>
            {event.languages.length > 0 ? (
              <div>
                <dt>{t("publicEvents.event.languages")}</dt>
                <dd>{event.languages.join(", ")}</dd>
              </div>
            ) : null}
          </dl>
          {upcoming ? (
            <p>
              <a className="button secondary" href={`/events/${event.id}/calendar.ics?lng=${locale}`}>
                {t("publicEvents.event.addToCalendar")}
              </a>
            </p>
          ) : null}
          {event.feedbackOpen ? (
            <p>
              <Link className="button secondary" to={`/events/${event.id}/feedback`}>
                {t("feedback.link")}
              </Link>
            </p>
          ) : null}

          {event.description ? (
            <section aria-labelledby="event-about">
              <h2 id="event-about">{t("publicEvents.event.about")}</h2>
              <p className="event-description" lang={event.descriptionLocale}>
                {event.description}
              </p>
              {event.descriptionLanguage ? <p className="hint">{t("publicEvents.event.writtenIn", { language: event.descriptionLanguage })}</p> : null}
            </section>
          ) : null}

          <section aria-labelledby="event-expect">
            <h2 id="event-expect">{t("publicEvents.event.expect")}</h2>
            <p>{t(`publicEvents.event.expectKind.${event.kind}`)}</p>
            {event.inSeries ? <p>{t("publicEvents.event.series")}</p> : null}
            {event.offers.length > 0 && event.state !== "cancelled" ? (
              <>
                <h3>{t("publicEvents.event.bring")}</h3>
                <p className="event-tags">
                  {countOffers(event.offers).map(([offer, count]) => (
                    <span key={offer} className="tag tag-offer">
                      {count > 1 ? `${count} × ` : ""}
                      {t(`offer.${offer}`)}
                    </span>
                  ))}
                </p>
              </>
            ) : null}
          </section>

          {event.state !== "cancelled" && (upcoming || event.lineUp.named.length + event.lineUp.others > 0) ? (
            <section aria-labelledby="event-line-up">
              <h2 id="event-line-up">{t(event.state === "completed" ? "publicEvents.event.lineUpPast" : "publicEvents.event.lineUp")}</h2>
              {event.lineUp.named.length + event.lineUp.others === 0 ? (
                <p className="empty">{t("publicEvents.event.lineUpEmpty")}</p>
              ) : (
                <>
                  {event.lineUp.named.length > 0 ? (
                    <ul className="line-up">
                      {event.lineUp.named.map((entry, index) => (
                        <li key={index}>
                          <span className="line-up-name">{entry.firstName}</span>
                          {entry.offer ? <span className="tag tag-offer">{t(`offer.${entry.offer}`)}</span> : null}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {/* Those who did not choose to be named: how many and what they bring, never who. */}
                  {event.lineUp.others > 0 ? (
                    <p className="line-up-others">
                      {event.lineUp.named.length > 0
                        ? t("privacy.lineUp.more", { count: event.lineUp.others })
                        : t(event.state === "completed" ? "privacy.lineUp.came" : "privacy.lineUp.coming", { count: event.lineUp.others })}
                      {event.lineUp.otherOffers.length > 0 ? `: ${event.lineUp.otherOffers.map((offer) => t(`offer.${offer}`)).join(" · ")}` : null}
                    </p>
                  ) : null}
                </>
              )}
            </section>
          ) : null}

          {event.kind === "forum" && (event.outcomeSaid || event.outcomeDone) ? (
            <section aria-labelledby="event-outcome" className="event-outcome">
              <h2 id="event-outcome">{t("publicEvents.event.outcome")}</h2>
              {event.outcomeSaid ? (
                <>
                  <h3>{t("publicEvents.event.outcomeSaid")}</h3>
                  <p>{event.outcomeSaid}</p>
                </>
              ) : null}
              {event.outcomeDone ? (
                <>
                  <h3>{t("publicEvents.event.outcomeDone")}</h3>
                  <p>{event.outcomeDone}</p>
                </>
              ) : null}
            </section>
          ) : null}

          {youSaidWeDid.length > 0 ? (
            <section aria-labelledby="you-said-we-did" className="you-said-we-did">
              <h2 id="you-said-we-did">{t("feedback2.page.title")}</h2>
              <p>{t("feedback2.page.lead")}</p>
              <ul>
                {youSaidWeDid.map((f) => (
                  <li key={f.id}>
                    <p className="you-said-who">
                      {t(`feedback2.page.authors.${f.author}`)}
                      {f.rating ? ` · ${t("feedback2.page.rating", { label: t(`feedback.stars.${f.rating}`) })}` : ""}
                    </p>
                    <dl>
                      {f.said ? (
                        <>
                          <dt>{t("feedback2.page.said")}</dt>
                          <dd className="feedback-text">{f.said}</dd>
                        </>
                      ) : null}
                      <dt>{t("feedback2.page.did")}</dt>
                      <dd className="feedback-text">{f.did}</dd>
                    </dl>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>

        <aside className="event-place-map">
          <EstoniaMap
            towns={[mapTown]}
            regionNames={regionNames}
            townHref={() => `/events?town=${event.town.id}`}
            townLabel={() => event.town.name}
            highlightRegion={event.town.regionCode}
            showCounts={false}
          />
        </aside>
      </div>
    </article>
  );
}

function countOffers(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts];
}
