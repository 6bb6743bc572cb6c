import { json, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useRouteError, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { AttendanceForm } from "~/components/AttendanceForm";
import { GiveFeedback } from "~/components/GiveFeedback";
import { RequestSeriesSessions } from "~/components/RequestSeriesSessions";
import { RequestSummary } from "~/components/RequestSummary";
import { UnknownLinkBoundary } from "~/components/UnknownLink";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { markAttendanceAsHost } from "~/models/attendance.server";
import { giveHostFeedback, hostFeedbackEvents } from "~/models/feedback.server";
import { withdrawRequest } from "~/models/request/decision.server";
import { getRequestForHost } from "~/models/request/host.server";
import { hostLinkHasExpired } from "~/models/request/links.server";
import { errorKey } from "~/utils/errorKey";
import { useLocale } from "~/utils/locale";
import { parseAttendanceForm } from "~/schemas/attendance";
import { GivenFeedbackSchema } from "~/schemas/feedback";
import { formatInTallinn, formatLongDate, formatTimeRange } from "~/utils/dates";
import { parseForm, parseIntentForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { notFound } from "~/utils/params";

import attendanceHref from "~/styles/attendance.css";
import feedbackHref from "~/styles/feedback.css";
import requestsHref from "~/styles/requests.css";
import seriesRequestHref from "~/styles/series-request.css";

export const links = () => [
  { rel: "stylesheet", href: requestsHref },
  { rel: "stylesheet", href: seriesRequestHref },
  { rel: "stylesheet", href: attendanceHref },
  { rel: "stylesheet", href: feedbackHref },
];

// A private link: never in search engines, never cached by shared caches.
export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: data?.title ?? (isRouteErrorResponse(error) && isExpired(error.data) ? error.data.title : "Tuttav") },
  { name: "robots", content: "noindex, nofollow" },
];
export const headers: HeadersFunction = () => ({ "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store" });

const NOINDEX = { "X-Robots-Tag": "noindex, nofollow" };

type Expired = { expired: true; title: string };
const isExpired = (data: unknown): data is Expired => typeof data === "object" && data !== null && (data as Expired).expired === true;

/** An unusable link: "expired" (still a 404, it shows nothing of the request) when it ran out, else plain not found. */
async function linkGone(request: Request, token: string): Promise<Response> {
  if (!(await hostLinkHasExpired(token))) return notFound(NOINDEX);
  const t = await i18next.getFixedT((await i18next.getLocale(request)) as Locale);
  const body: Expired = { expired: true, title: pageTitle(t("hostLinkExpired.title")) };
  return json(body, { status: 404, headers: { "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store" } });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = (await i18next.getLocale(request)) as Locale;
  const found = await getRequestForHost(params.token ?? "", locale);
  if (!found) throw await linkGone(request, params.token ?? "");
  const t = await i18next.getFixedT(locale);
  // The host's feedback on events that have started (issue 16), in a section of its own.
  const feedback = (await hostFeedbackEvents(params.token ?? "", locale)) ?? [];
  return json({ title: pageTitle(t("requestStatus.title")), ...found, feedback }, { headers: { "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex, nofollow" } });
}

// The page's forms; attendance rows and feedback (checked across its fields) are read by their own parsers.
const StatusForms = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("attendance") }),
  z.object({ intent: z.literal("feedback") }),
  z.object({ intent: z.literal("withdraw") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const form = parseIntentForm(StatusForms, formData);
  if (form.intent === "attendance") {
    // Who came to one of this request's events (issue 16); first names only on the page.
    const parsed = parseAttendanceForm(formData, { locals: false, eventId: true });
    const eventId = parsed.ok ? parsed.data.eventId : Number(formData.get("eventId")) || null;
    if (!parsed.ok) return json({ form: "attendance" as const, eventId, ok: false, errors: parsed.errors, message: null }, { status: 400 });
    const result = await markAttendanceAsHost(params.token ?? "", parsed.data.eventId!, parsed.data.marks);
    if (result === null) throw await linkGone(request, params.token ?? "");
    if (!result.ok) {
      if (result.code === "not_found") throw notFound(NOINDEX);
      return json({ form: "attendance" as const, eventId, ok: false, errors: {}, message: `attendance.refused.${result.code}` }, { status: 409 });
    }
    return json({ form: "attendance" as const, eventId, ok: true, errors: {}, message: "attendance.saved" });
  }
  if (form.intent === "feedback") {
    // The host's own feedback on one event of their request (issue 16).
    const values = { rating: String(formData.get("rating") ?? ""), text: String(formData.get("text") ?? "") };
    const eventId = Number(formData.get("eventId")) || null;
    const parsed = parseForm(GivenFeedbackSchema, formData);
    if (!parsed.ok) return json({ form: "feedback" as const, eventId, ok: false, errors: parsed.errors, message: null, values }, { status: 400 });
    const result = await giveHostFeedback(params.token ?? "", parsed.data.eventId, { rating: parsed.data.rating, text: parsed.data.text });
    if (result === null) throw await linkGone(request, params.token ?? "");
    if (!result.ok)
      return json(
        { form: "feedback" as const, eventId, ok: false, errors: {}, message: `feedback2.refused.${result.code}`, values },
        { status: result.code === "not_found" ? 404 : 409 },
      );
    return json({ form: "feedback" as const, eventId, ok: true, errors: {}, message: "feedback2.saved", values: null });
  }
  // Anything but the page's forms is a forged post (shown the error page).
  if (form.intent !== "withdraw") throw new Response("Bad request", { status: 400 });
  const result = await withdrawRequest(params.token ?? "");
  if (!result.ok && result.code === "not_found") throw await linkGone(request, params.token ?? "");
  if (!result.ok) return json({ result: "alreadyHandled" as const }, { status: 409 });
  return json({ result: "withdrawDone" as const });
}

export default function RequestStatus() {
  const { request, events, feedback, series } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const created = searchParams.get("created") === "1" && request.state === "new";
  const attendanceFor = (eventId: number) => (actionData && "form" in actionData && actionData.form === "attendance" && actionData.eventId === eventId ? actionData : null);
  const feedbackFor = (eventId: number) => (actionData && "form" in actionData && actionData.form === "feedback" && actionData.eventId === eventId ? actionData : null);

  return (
    <div className="narrow request-status">
      <h1>{t("requestStatus.title")}</h1>
      {created ? (
        <div className="notice" role="status">
          <p>
            <strong>{t("requestStatus.created")}</strong>
          </p>
          <p>{t("requestStatus.bookmark")}</p>
        </div>
      ) : null}
      {actionData && "result" in actionData && actionData.result === "withdrawDone" ? (
        <p className="notice" role="status">
          {t("requestStatus.withdrawDone")}
        </p>
      ) : null}
      {actionData && "result" in actionData && actionData.result === "alreadyHandled" ? (
        <p className="warning" role="alert">
          {t("requestStatus.alreadyHandled")}
        </p>
      ) : null}

      <section className={`request-state request-state-${request.state}`} aria-labelledby="request-state">
        <h2 id="request-state">
          {t("requestStatus.state")}: <span className={`tag tag-request-${request.state}`}>{t(`request.state.${request.state}`)}</span>
        </h2>
        <p>{t(`requestStatus.explain.${request.state}`)}</p>
        {request.state === "declined" && request.decisionReason ? (
          <blockquote className="request-reason">
            <p className="request-reason-label">{t("requestStatus.reason")}</p>
            <p>{request.decisionReason}</p>
          </blockquote>
        ) : null}
      </section>

      {/* A series (issue 16): every session in one compact list; below it, only the sessions whose attendance the host can mark. */}
      {series ? <RequestSeriesSessions series={series} /> : null}

      {events
        .filter((event) => !series || event.attendance)
        .map((event) => (
          <section key={event.id} className="request-event" aria-labelledby={`event-${event.id}`}>
            <h2 id={`event-${event.id}`}>{t("requestStatus.event")}</h2>
            <p className="event-when">
              <time dateTime={event.startsAt}>{formatLongDate(event.startsAt, locale)}</time>
              <span className="event-time">{formatTimeRange(event.startsAt, event.endsAt, locale)}</span>
            </p>
            <p className="event-where">
              {event.venueName}
              {event.venueAddress ? `, ${event.venueAddress}` : ""}, {event.townName}
            </p>
            <p>
              {t("requestStatus.eventState")}: <span className="tag">{t(`event.state.${event.state}`)}</span>
            </p>
            {event.state === "draft" ? <p className="hint">{t("requestStatus.draftNote")}</p> : null}
            {event.state === "cancelled" && event.cancelReason ? <p className="warning">{t("requestStatus.cancelled", { reason: event.cancelReason })}</p> : null}
            {event.attendance ? (
              <div className="request-attendance">
                <h3 id={`attendance-${event.id}`}>{t("attendance.title")}</h3>
                <p className="hint">{t("attendance.hostHelp")}</p>
                <AttendanceForm
                  key={`event-${event.id}-${event.attendance.map((p) => p.status).join(",")}`}
                  idPrefix={`attendance-${event.id}`}
                  eventId={event.id}
                  people={event.attendance.map((p) => ({ assignmentId: p.assignmentId, name: p.firstName, status: p.status }))}
                  errors={attendanceFor(event.id)?.errors ?? {}}
                  message={attendanceFor(event.id)?.message ? { ok: attendanceFor(event.id)!.ok, key: attendanceFor(event.id)!.message! } : null}
                />
              </div>
            ) : null}
            {event.attendance ? null : <h3>{t(event.state === "completed" ? "requestStatus.lineUpPast" : "requestStatus.lineUp")}</h3>}
            {event.attendance ? null : event.lineUp.length === 0 ? (
              <p className="empty">{t("requestStatus.lineUpEmpty")}</p>
            ) : (
              <ul className="request-line-up">
                {event.lineUp.map((person, index) => (
                  <li key={index}>
                    <strong>{person.firstName}</strong> – {person.offer ? t(`offer.${person.offer}`) : t("requestStatus.anyOffer")}
                  </li>
                ))}
              </ul>
            )}
            {!event.attendance && event.state !== "cancelled" && event.state !== "draft" ? (
              <p className="hint">{t("attendance.opensAt", { when: `${formatLongDate(event.startsAt, locale)}, ${formatInTallinn(event.startsAt, "p", locale)}` })}</p>
            ) : null}
          </section>
        ))}

      {feedback.length > 0 ? (
        <section className="request-feedback" id="feedback" aria-labelledby="request-feedback">
          <h2 id="request-feedback">{t("feedback2.hostTitle")}</h2>
          <p>{t("feedback2.hostLead")}</p>
          {feedback.map((item, index) => {
            const outcome = feedbackFor(item.eventId);
            return (
              <GiveFeedback
                key={`${item.eventId}-${item.feedback?.response ?? ""}`}
                item={item}
                open={index === 0}
                author="host"
                outcome={outcome ? { ok: outcome.ok, errors: outcome.errors, message: outcome.message, values: "values" in outcome ? outcome.values : null } : null}
              />
            );
          })}
        </section>
      ) : null}

      <section aria-labelledby="request-details">
        <h2 id="request-details">{t("requestStatus.details")}</h2>
        <dl className="request-facts">
          <dt>{t("requestStatus.organisation")}</dt>
          <dd>{request.organisation}</dd>
          <dt>{t("requestStatus.place")}</dt>
          <dd>
            {request.venue.name}
            {request.venue.address ? `, ${request.venue.address}` : ""}, {request.townName} ({request.regionName})
          </dd>
          <dt>{t("requestStatus.kind")}</dt>
          <dd>{t(`event.kind.${request.kind}`)}</dd>
        </dl>
        <RequestSummary request={request} labels="requestStatus" />
        {request.message ? (
          <dl className="request-facts">
            <dt>{t("requestStatus.message")}</dt>
            <dd className="request-message">{request.message}</dd>
          </dl>
        ) : null}
      </section>

      {request.state === "new" ? (
        <section className="request-withdraw" aria-labelledby="request-withdraw">
          <h2 id="request-withdraw">{t("requestStatus.withdrawTitle")}</h2>
          <p>{t("requestStatus.withdrawHelp")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <button type="submit" className="secondary">
              {t("requestStatus.withdraw")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

/** An expired link gets its own calm page inside the public layout; an unknown one points to a new link; other errors the usual messages. */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && isExpired(error.data)) {
    return (
      <div className="narrow request-status">
        <h1>{t("hostLinkExpired.title")}</h1>
        <p className="lead">{t("hostLinkExpired.body")}</p>
        <p>{t("hostLinkExpired.question")}</p>
        <p>
          {t("hostLinkExpired.again")} <Link to="/request">{t("nav.request")}</Link>
        </p>
      </div>
    );
  }
  // An unknown or replaced link: say so and point to a new one.
  if (isRouteErrorResponse(error) && error.status === 404) return <UnknownLinkBoundary keys="hostLost.unknownLink" lostHref="/request/lost" />;
  const key = errorKey(isRouteErrorResponse(error) ? error.status : 500);
  return (
    <div className="narrow">
      <h1>{t(`errors.${key}.title`)}</h1>
      <p>{t(`errors.${key}.body`)}</p>
      <p>
        <a href="/">{t("errors.home")}</a>
      </p>
    </div>
  );
}
