import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { FilterSelect } from "~/components/FilterSelect";
import { Field } from "~/components/Field";
import { RequestSummary } from "~/components/RequestSummary";
import { isOneOf, REQUEST_STATES, type Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { listRegions } from "~/models/region.server";
import { acceptRequest, declineRequest } from "~/models/request/decision.server";
import { replaceHostLink } from "~/models/request/links.server";
import { listRequests } from "~/models/request/query.server";
import { nearestCommunityMinutes } from "~/models/town.server";
import { useLocale } from "~/utils/locale";
import { requireCoordinator } from "~/models/auth.server";
import { formatShortDate } from "~/utils/dates";
import { parseIntentForm, readFormData } from "~/utils/forms";
import { ID_PATTERN, notFound } from "~/utils/params";
import { trustedOrigin } from "~/utils/origin.server";
import { pageTitle } from "~/utils/pageTitle";

import hostLinkHref from "~/styles/host-link.css";
import requestsHref from "~/styles/requests.css";

export const links = () => [
  { rel: "stylesheet", href: requestsHref },
  { rel: "stylesheet", href: hostLinkHref },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const url = new URL(request.url);
  const regions = await listRegions(locale);
  // Unknown filter values are ignored rather than refused: a stale bookmark still opens the inbox.
  const region = regions.some((r) => r.code === url.searchParams.get("region")) ? url.searchParams.get("region") : null;
  const stateParam = url.searchParams.get("state");
  const state = isOneOf(REQUEST_STATES, stateParam) ? stateParam : null;
  const requests = await listRequests({ locale, regionCode: region, state });
  const reach = await nearestCommunityMinutes(requests.filter((r) => !r.hasLocalCommunity).map((r) => r.townId));
  return json({
    title: pageTitle(t("requestInbox.title")),
    regions: [...regions].sort((a, b) => a.name.localeCompare(b.name, locale)),
    filter: { region, state },
    requests: requests.map((r) => ({ ...r, nearestCommunity: reach.get(r.townId) ?? null })),
  });
}

// One spelling per id: "1e1" or "0x1" is a forged post, not request 10 or 1.
const RequestId = z.string().regex(ID_PATTERN, "validation.invalid").transform(Number);
const DecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), requestId: RequestId }),
  z.object({ intent: z.literal("new_link"), requestId: RequestId }),
  z.object({
    intent: z.literal("decline"),
    requestId: RequestId,
    reason: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(2000, "validation.tooLong"),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const formData = await readFormData(request);
  const parsed = parseIntentForm(DecisionSchema, formData);
  const requestId = Number(formData.get("requestId")) || null;
  if (!parsed.ok) return json({ requestId, outcome: null, eventId: null, errors: parsed.errors }, { status: 400 });
  const actor = { kind: "user" as const, userId: user.id };
  if (parsed.data.intent === "new_link") {
    const replaced = await replaceHostLink(parsed.data.requestId, actor, trustedOrigin());
    if (!replaced) throw notFound();
    // Shown once, for the coordinator to pass on; only its hash is kept.
    return json(
      { requestId, outcome: "newLink" as const, eventId: null, errors: {}, link: replaced.link, mailedTo: replaced.mailedTo, organisation: replaced.organisation },
      { headers: { "Cache-Control": "no-store" } },
    );
  }
  const result = parsed.data.intent === "accept" ? await acceptRequest(parsed.data.requestId, actor) : await declineRequest(parsed.data.requestId, parsed.data.reason, actor);
  if (!result.ok && result.code === "not_found") throw notFound();
  if (!result.ok) return json({ requestId, outcome: "alreadyHandled" as const, eventId: null, errors: {} }, { status: 409 });
  const eventId = "eventId" in result ? result.eventId : null;
  return json({ requestId, outcome: parsed.data.intent === "accept" ? ("accepted" as const) : ("declined" as const), eventId, errors: {} });
}

export default function RequestsInbox() {
  const { regions, filter, requests } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = navigation.state === "submitting";
  const actionErrors: Record<string, string> = actionData?.errors ?? {};

  const duration = (minutes: number) =>
    minutes < 60 ? t("requestInbox.durationMinutes", { minutes }) : t("requestInbox.duration", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });

  return (
    <div className="request-inbox">
      <h1>{t("requestInbox.title")}</h1>
      <p className="lead">{t("requestInbox.lead")}</p>

      {actionData?.outcome === "accepted" && actionData.eventId ? (
        <p className="notice" role="status">
          {t("requestInbox.accepted")} <Link to={`/admin/events/${actionData.eventId}`}>{t("requestInbox.openEvent")}</Link>
        </p>
      ) : null}
      {actionData?.outcome === "declined" ? (
        <p className="notice" role="status">
          {t("requestInbox.declined")}
        </p>
      ) : null}
      {actionData?.outcome === "alreadyHandled" ? (
        <p className="warning" role="alert">
          {t("requestInbox.alreadyHandled")}
        </p>
      ) : null}

      <Form method="get" className="request-filters">
        <FilterSelect
          id="filter-region"
          name="region"
          label={t("requestInbox.region")}
          anyLabel={t("requestInbox.allRegions")}
          defaultValue={filter.region ?? ""}
          options={regions.map((r) => ({ value: r.code, label: r.name }))}
        />
        <FilterSelect
          id="filter-state"
          name="state"
          label={t("requestInbox.state")}
          anyLabel={t("requestInbox.allStates")}
          defaultValue={filter.state ?? ""}
          options={REQUEST_STATES.map((s) => ({ value: s, label: t(`request.state.${s}`) }))}
        />
        <button type="submit" className="secondary">
          {t("requestInbox.filter")}
        </button>
      </Form>

      <p className="request-count">{t("requestInbox.count", { count: requests.length })}</p>
      {requests.length === 0 ? <p className="empty">{t("requestInbox.empty")}</p> : null}

      <ol className="request-list">
        {requests.map((r) => {
          const mine = actionData?.requestId === r.id;
          return (
            <li key={r.id} id={`request-${r.id}`} className={`request-card request-card-${r.state}`}>
              <header className="request-card-head">
                <h2>
                  {r.organisation} <span className="request-town">· {r.townName}</span>
                </h2>
                <p className="request-card-tags">
                  <span className={`tag tag-request-${r.state}`}>{t(`request.state.${r.state}`)}</span>
                  <span className={`tag tag-${r.kind}`}>{t(`event.kind.${r.kind}`)}</span>
                  <span className="tag">{r.regionName}</span>
                  {r.onIsland ? <span className="tag">{t("requestInbox.island")}</span> : null}
                </p>
                <p className="hint">{t("requestInbox.received", { date: formatShortDate(r.createdAt, locale) })}</p>
              </header>
              <div className="request-card-body">
                <dl className="request-facts">
                  <dt>{t("requestInbox.place")}</dt>
                  <dd>
                    {r.venue.name}
                    {r.venue.address ? `, ${r.venue.address}` : ""}
                    {r.venue.isNew ? ` (${t("requestInbox.newPlace")})` : ""}
                    {[
                      r.venue.capacity ? t("requestInbox.capacity", { n: r.venue.capacity }) : null,
                      r.venue.stepFree ? t("requestInbox.stepFree") : null,
                      r.venue.childFriendly ? t("requestInbox.childFriendly") : null,
                    ]
                      .filter(Boolean)
                      .map((text) => ` · ${text}`)
                      .join("")}
                  </dd>
                  <dt>{t("requestInbox.reach")}</dt>
                  <dd>
                    {r.hasLocalCommunity
                      ? t("requestInbox.localCommunity")
                      : r.nearestCommunity
                        ? t("requestInbox.nearest", { town: r.nearestCommunity.townName, duration: duration(r.nearestCommunity.minutes) })
                        : t("requestInbox.unreachable")}
                  </dd>
                  <dt>{t("requestInbox.contact")}</dt>
                  <dd>
                    {r.contactName}, <a href={`mailto:${r.email}`}>{r.email}</a>
                    {r.phone ? `, ${r.phone}` : ""}
                  </dd>
                </dl>
                <RequestSummary request={r} labels="requestInbox" />
                {r.message ? (
                  <dl className="request-facts">
                    <dt>{t("requestInbox.message")}</dt>
                    <dd className="request-message">{r.message}</dd>
                  </dl>
                ) : null}
                {r.state === "declined" && r.decisionReason ? (
                  <dl className="request-facts">
                    <dt>{t("requestInbox.decision")}</dt>
                    <dd className="request-message">{r.decisionReason}</dd>
                  </dl>
                ) : null}
                {r.eventIds.length > 0 || r.series.length > 0 ? (
                  <p className="request-events">
                    {r.series.map((series) => (
                      <Link key={`series-${series.id}`} to={`/admin/series/${series.id}`}>
                        {t("requestInbox.seriesLink", { title: series.title, count: series.sessions })}
                      </Link>
                    ))}
                    {r.eventIds.map((id) => (
                      <Link key={id} to={`/admin/events/${id}`}>
                        {t("requestInbox.eventLink", { id })}
                      </Link>
                    ))}
                  </p>
                ) : null}
              </div>
              {r.state === "new" ? (
                <div className="request-actions">
                  {r.kind === "cosy_corner" ? (
                    // A cosy corner is a series: accepting opens the series form prefilled from the request; saving accepts it.
                    <Link className="button" to={`/admin/series/new?request=${r.id}`}>
                      {t("seriesRequest.inbox.accept")}
                    </Link>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="accept" />
                      <input type="hidden" name="requestId" value={r.id} />
                      <button type="submit" disabled={busy}>
                        {t("requestInbox.accept")}
                      </button>
                    </Form>
                  )}
                  <details className="request-decline" open={mine && Boolean(actionErrors.reason)}>
                    <summary>{t("requestInbox.decline")}</summary>
                    <Form method="post" className="stack">
                      <input type="hidden" name="intent" value="decline" />
                      <input type="hidden" name="requestId" value={r.id} />
                      <Field label={t("requestInbox.declineReason")} name={`reason-${r.id}`} error={mine ? actionErrors.reason : undefined}>
                        {(props) => <textarea {...props} name="reason" rows={3} />}
                      </Field>
                      <button type="submit" className="danger" disabled={busy}>
                        {t("requestInbox.declineSubmit")}
                      </button>
                    </Form>
                  </details>
                </div>
              ) : null}
              {mine && actionData?.outcome === "newLink" ? (
                // Shown where the coordinator clicked; focusing the link also brings it into view without JavaScript.
                <div className="notice host-link-notice" role="status">
                  <p>
                    <strong>{t("requestInbox.newLinkTitle", { organisation: actionData.organisation })}</strong>
                  </p>
                  <p>{t("requestInbox.newLinkOld")}</p>
                  <label htmlFor={`new-host-link-${r.id}`}>{t("requestInbox.newLinkLabel")}</label>
                  <textarea id={`new-host-link-${r.id}`} readOnly autoFocus rows={3} value={actionData.link} onFocus={(event) => event.currentTarget.select()} />
                  <p>{actionData.mailedTo ? t("requestInbox.newLinkMailed", { email: actionData.mailedTo }) : t("requestInbox.newLinkNoEmail")}</p>
                </div>
              ) : (
                <Form method="post" className="host-link-form">
                  <input type="hidden" name="intent" value="new_link" />
                  <input type="hidden" name="requestId" value={r.id} />
                  <button type="submit" className="secondary" disabled={busy}>
                    {t("requestInbox.newLink")}
                  </button>
                  <span className="hint">{t("requestInbox.newLinkHint")}</span>
                </Form>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
