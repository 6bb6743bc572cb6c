import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { AttendanceForm } from "~/components/AttendanceForm";
import { AuditSentence } from "~/components/AuditSentence";
import { EventForm } from "~/components/EventForm";
import { FeedbackSection } from "~/components/event/FeedbackSection";
import { ForumOutcomeSection } from "~/components/event/ForumOutcomeSection";
import { LifecycleSection } from "~/components/event/LifecycleSection";
import { LineupSection } from "~/components/event/LineupSection";
import { ScheduleWarnings } from "~/components/ScheduleWarnings";
import { localize } from "~/domain/localizedText";
import { lastMinuteReach, reachOf } from "~/domain/messages/reach";
import { availableTransitions } from "~/domain/schedule";
import { isOneOf, type Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { MARKABLE_STATUSES, saveAttendance } from "~/models/attendance.server";
import { auditNames, auditTrail } from "~/models/auditLog.server";
import { listFeedback, respondToFeedback } from "~/models/feedback.server";
import { deliveriesForEvent, markToldByPhone, phoneMessagesForEvent } from "~/models/outbox.server";
import { transitionEvent } from "~/models/event/lifecycle.server";
import { getEventForAdmin } from "~/models/event/query.server";
import { saveForumOutcome, updateEvent } from "~/models/event/update.server";
import { listVenueOptions } from "~/models/event/venues.server";
import { warningsFor } from "~/models/event/warnings.server";
import { useLocale } from "~/utils/locale";
import { parseAttendanceForm } from "~/schemas/attendance";
import { EVENT_FORM_ARRAYS, EventFormSchema, ForumOutcomeSchema, toEventFormValues, ToldSchema, TransitionSchema } from "~/schemas/event";
import { FeedbackResponseSchema } from "~/schemas/feedback";
import { requireCoordinator } from "~/models/auth.server";
import { parseScheduleForm } from "~/models/scheduleForm.server";
import { formatDateTime, formatInTallinn, formatLongDate, formatTimeRange } from "~/utils/dates";
import { now } from "~/utils/clock.server";
import { parseIntentForm, readFormData, submittedValues } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { notFound, requireId } from "~/utils/params";

import attendanceStyles from "~/styles/attendance.css";
import outboxStyles from "~/styles/outbox.css";
import scheduleStyles from "~/styles/schedule.css";

export const links = () => [
  { rel: "stylesheet", href: scheduleStyles },
  { rel: "stylesheet", href: outboxStyles },
  { rel: "stylesheet", href: attendanceStyles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? pageTitle(data.title) : "Tuttav" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const id = requireId(params.id);
  const locale = (await i18next.getLocale(request)) as Locale;
  const found = await getEventForAdmin(id);
  if (!found) throw notFound();
  const { event, slots, assignments } = found;
  const [venues, warnings, trail, feedback, deliveries, phoneMessages] = await Promise.all([
    listVenueOptions(),
    event.state === "cancelled" || event.state === "completed"
      ? Promise.resolve([])
      : warningsFor({ id, startsAt: event.starts_at, endsAt: event.ends_at, venueId: event.venue_id, capacity: event.capacity, expectedAudience: event.expected_audience }, locale),
    auditTrail("event", id),
    listFeedback(id),
    deliveriesForEvent(id),
    phoneMessagesForEvent(id),
  ]);
  // Who has been told: each person's last message about this event (issue 15), or the call a coordinator marked.
  type Delivery = NonNullable<typeof deliveries.host>;
  const lastView = (last: Delivery) => ({
    id: last.id,
    kind: last.kind,
    reach: reachOf(last.state, last.told !== null),
    at: last.sentAt ?? last.createdAt,
    error: last.lastError,
    told: last.told,
  });
  const told = (participantId: number) => {
    const last = deliveries.participants[participantId] ?? null;
    const phone = last?.state === "no_address" ? phoneMessages[participantId] : undefined;
    return {
      last: last ? lastView(last) : null,
      phone: phone ? { number: phone.phone, locale: phone.locale, text: phone.text } : null,
    };
  };
  // Who holds each place: the first assignment of the slot that was not declined or withdrawn.
  const holding = new Map<number, (typeof assignments)[number]>();
  for (const a of assignments) if (a.slot_id !== null && !holding.has(a.slot_id) && !["declined", "withdrawn"].includes(a.status)) holding.set(a.slot_id, a);
  const concerned = assignments.filter((a) => a.status === "invited" || a.status === "accepted");
  const reach = lastMinuteReach([
    ...concerned.map((a) => ({ name: [a.first_name, a.last_name].filter(Boolean).join(" "), last: deliveries.participants[a.participant_id] ?? null })),
    ...(event.request_id !== null ? [{ name: "", host: true, last: deliveries.host }] : []),
  ]);
  return json({
    title: localize(event.title, locale) || `#${id}`,
    event: {
      id: event.id,
      kind: event.kind,
      state: event.state,
      startsAt: event.starts_at,
      endsAt: event.ends_at,
      venueName: event.venue_name,
      townName: event.town_name,
      cancelReason: event.cancel_reason,
      outcomeSaid: event.outcome_said,
      outcomeDone: event.outcome_done,
      requestId: event.request_id,
      sequence: event.sequence,
      edited: event.edited === 1,
    },
    series: event.series_id ? { id: event.series_id, title: localize(event.series_title, locale) } : null,
    values: toEventFormValues(event, slots),
    slots: slots.map((slot) => {
      const assignment = holding.get(slot.id) ?? null;
      return { ...slot, assignment, told: assignment && assignment.status !== "proposed" ? told(assignment.participant_id) : null };
    }),
    hostTold: event.request_id !== null ? (deliveries.host ? lastView(deliveries.host) : null) : undefined,
    reach,
    venues,
    warnings,
    transitions: availableTransitions(event.state, { now: now(), startsAt: event.starts_at }),
    trail: trail.map((e) => ({ id: e.id, at: e.at, action: e.action, entity: "event", entityId: id, actorKind: e.actor_kind, actorName: e.user_name, details: e.details })),
    trailNames: await auditNames(
      trail.map((e) => ({ entity: "event", entityId: id, details: e.details })),
      locale,
    ),
    feedback,
    // Who came (issue 16): open once the event has started, never for a cancelled one.
    attendance: {
      open: event.state !== "cancelled" && event.starts_at <= now().toISOString(),
      people: assignments
        .filter((a) => isOneOf(MARKABLE_STATUSES, a.status))
        .map((a) => ({ assignmentId: a.id, name: [a.first_name, a.last_name].filter(Boolean).join(" "), status: a.status })),
      localsCount: event.locals_count,
    },
  });
}

// The page's forms; the event form (venue checks in the database) and attendance rows are read by their own parsers.
const EventPageForms = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save") }),
  TransitionSchema.extend({ intent: z.literal("transition") }),
  ForumOutcomeSchema.extend({ intent: z.literal("outcome") }),
  FeedbackResponseSchema.extend({ intent: z.literal("respond") }),
  z.object({ intent: z.literal("attendance") }),
  ToldSchema.extend({ intent: z.literal("told") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const actor = { kind: "user" as const, userId: user.id };
  const id = requireId(params.id);
  const formData = await readFormData(request);
  const form = parseIntentForm(EventPageForms, formData);
  const { intent } = form;

  if (form.intent === "save") {
    const parsed = await parseScheduleForm(EventFormSchema, formData, EVENT_FORM_ARRAYS);
    if (!parsed.ok) return json({ intent, ok: false, errors: parsed.errors, values: parsed.values, message: null }, { status: 400 });
    const result = await updateEvent(id, parsed.data, actor);
    if (!result.ok) {
      if (result.code === "not_found") throw notFound();
      return json({ intent, ok: false, errors: {}, values: submittedValues(formData, EVENT_FORM_ARRAYS), message: `adminEvents.errors.${result.code}` }, { status: 409 });
    }
    return json({ intent, ok: true, errors: {}, values: null, message: "adminEvents.saved" });
  }

  if (form.intent === "transition") {
    if (!form.ok) return json({ intent, ok: false, errors: form.errors, values: null, message: null }, { status: 400 });
    const result = await transitionEvent(id, form.data.to, actor, { reason: form.data.reason ?? null });
    if (!result.ok) {
      if (result.code === "not_found") throw notFound();
      // A missing reason is said next to the reason field; other refusals at the top.
      if (result.code === "reason_required") return json({ intent, ok: false, errors: { reason: "validation.reasonRequired" }, values: null, message: null }, { status: 409 });
      return json({ intent, ok: false, errors: {}, values: null, message: `adminEvents.transitionErrors.${result.code}` }, { status: 409 });
    }
    return json({ intent, ok: true, errors: {}, values: null, message: `adminEvents.transitioned.${form.data.to}` });
  }

  if (form.intent === "outcome") {
    if (!form.ok) return json({ intent, ok: false, errors: form.errors, values: null, message: null }, { status: 400 });
    const saved = await saveForumOutcome(id, { said: form.data.outcomeSaid ?? null, done: form.data.outcomeDone ?? null }, actor);
    if (!saved) throw notFound();
    return json({ intent, ok: true, errors: {}, values: null, message: "forum.saved" });
  }

  if (form.intent === "respond") {
    // Which answer the error belongs to, so it is shown beside that one (issue 16).
    if (!form.ok) return json({ intent, ok: false, errors: form.errors, values: null, message: null, feedbackId: Number(formData.get("feedbackId")) || null }, { status: 400 });
    const saved = await respondToFeedback(form.data.feedbackId, id, form.data.response, actor);
    if (!saved) throw notFound();
    return json({ intent, ok: true, errors: {}, values: null, message: "feedback.responded" });
  }

  if (form.intent === "attendance") {
    const parsed = parseAttendanceForm(formData, { locals: true, eventId: false });
    if (!parsed.ok) return json({ intent, ok: false, errors: parsed.errors, values: null, message: null }, { status: 400 });
    const result = await saveAttendance(id, { marks: parsed.data.marks, localsCount: parsed.data.localsCount }, actor);
    if (!result.ok) {
      if (result.code === "not_found") throw notFound();
      return json({ intent, ok: false, errors: {}, values: null, message: `attendance.refused.${result.code}` }, { status: 409 });
    }
    return json({ intent, ok: true, errors: {}, values: null, message: "attendance.saved" });
  }

  if (form.intent === "told") {
    if (!form.ok) return json({ intent, ok: false, errors: form.errors, values: null, message: "validation.invalid" }, { status: 400 });
    const result = await markToldByPhone(id, form.data.messageId, user.id);
    if (!result.ok) return json({ intent, ok: false, errors: {}, values: null, message: `outbox.delivery.refused.${result.code}` }, { status: 409 });
    return json({ intent, ok: true, errors: {}, values: null, message: "outbox.delivery.markedTold" });
  }

  return json({ intent: null, ok: false, errors: {}, values: null, message: "validation.invalid" }, { status: 400 });
}

export default function AdminEvent() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const { event } = data;
  const errors: Record<string, string> = actionData?.errors ?? {};
  const closed = event.state === "completed" || event.state === "cancelled";

  return (
    <>
      <p className="breadcrumbs">
        <Link to="/admin/events">{t("admin.nav.events")}</Link>
        {data.series ? (
          <>
            {" › "}
            <Link to={`/admin/series/${data.series.id}`}>{data.series.title}</Link>
          </>
        ) : null}
      </p>
      <header className="event-head">
        <h1>{data.title}</h1>
        <p className="event-meta">
          <span className={`tag state-${event.state}`}>{t(`event.state.${event.state}`)}</span>
          <span className={`tag tag-${event.kind}`}>{t(`event.kind.${event.kind}`)}</span>
          <span>
            {formatLongDate(event.startsAt, locale)}, {formatTimeRange(event.startsAt, event.endsAt, locale)}
          </span>
          <span>
            {event.venueName}, {event.townName}
          </span>
          {event.edited ? <span className="tag">{t("series.editedSession")}</span> : null}
        </p>
        {event.state === "cancelled" && event.cancelReason ? <p className="form-error">{t("adminEvents.cancelledBecause", { reason: event.cancelReason })}</p> : null}
      </header>

      {searchParams.get("created") ? <p className="notice">{t("adminEvents.created")}</p> : null}
      {actionData?.message && actionData.intent !== "attendance" ? (
        <p className={actionData.ok ? "notice" : "form-error"} role={actionData.ok ? "status" : "alert"}>
          {t(actionData.message)}
        </p>
      ) : null}

      <ScheduleWarnings warnings={data.warnings} />

      {data.transitions.length > 0 ? <LifecycleSection state={event.state} transitions={data.transitions} reasonError={errors.reason} /> : null}

      <LineupSection eventId={event.id} slots={data.slots} hostTold={data.hostTold} reach={data.reach} locale={locale} />

      {event.state !== "cancelled" ? (
        <section className="panel" aria-labelledby="attendance">
          <h2 id="attendance">{t("attendance.title")}</h2>
          {data.attendance.open ? (
            <AttendanceForm
              // A new key after each save (the audit trail grew), so the radios show what was stored.
              key={`saved-${data.trail.length}`}
              idPrefix="attendance"
              people={data.attendance.people}
              locals={{ value: data.attendance.localsCount }}
              errors={actionData?.intent === "attendance" ? errors : {}}
              message={actionData?.intent === "attendance" && actionData.message ? { ok: actionData.ok, key: actionData.message } : null}
            />
          ) : (
            <p className="hint">{t("attendance.opensAt", { when: `${formatLongDate(event.startsAt, locale)}, ${formatInTallinn(event.startsAt, "p", locale)}` })}</p>
          )}
        </section>
      ) : null}

      {event.kind === "forum" ? <ForumOutcomeSection said={event.outcomeSaid} done={event.outcomeDone} /> : null}

      {closed ? null : (
        <section className="panel" aria-labelledby="edit">
          <h2 id="edit">{t("adminEvents.edit.title")}</h2>
          {data.series && !event.edited ? <p className="hint">{t("series.sessionEditHint")}</p> : null}
          <EventForm
            key={actionData?.intent === "save" && actionData.values ? "submitted" : `saved-${event.sequence}-${data.trail.length}`}
            venues={data.venues}
            values={actionData?.intent === "save" && actionData.values ? actionData.values : data.values}
            errors={actionData?.intent === "save" ? errors : {}}
            submitLabel={t("adminEvents.edit.submit")}
          />
        </section>
      )}

      {data.feedback.length > 0 || closed ? (
        <FeedbackSection
          feedback={data.feedback}
          isPublic={Boolean(data.values.isPublic)}
          responseError={
            actionData?.intent === "respond" && "feedbackId" in actionData && typeof actionData.feedbackId === "number"
              ? { feedbackId: actionData.feedbackId, error: (actionData.errors as Record<string, string>).response }
              : null
          }
          locale={locale}
        />
      ) : null}

      <section className="panel" aria-labelledby="history">
        <h2 id="history">{t("adminEvents.history.title")}</h2>
        {data.trail.length === 0 ? <p className="empty">{t("adminEvents.history.empty")}</p> : null}
        <ul className="history">
          {data.trail.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time> <AuditSentence entry={entry} names={data.trailNames} locale={locale} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
