import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useParams, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { ClaimsSection } from "~/components/ClaimsSection";
import { EraseForm } from "~/components/EraseForm";
import { GiveFeedback, type FeedbackOutcome } from "~/components/GiveFeedback";
import { ParticipantForm } from "~/components/ParticipantForm";
import { SubscribeLinks } from "~/components/SubscribeLinks";
import { PauseSection, RemindersSection } from "~/components/participant/MeSettingsSections";
import { UnknownLinkBoundary } from "~/components/UnknownLink";
import { ParticipantInvitations, ParticipantPast, ParticipantUpcoming, type ParticipantEventItem } from "~/components/ParticipantInvitations";
import { localize } from "~/domain/localizedText";
import { isPaused } from "~/domain/participants/directory";
import { localDateOf } from "~/domain/schedule";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { listClaimable } from "~/models/claims/participant.server";
import { eraseParticipant } from "~/models/erasure.server";
import { giveParticipantFeedback, participantFeedbackEvents } from "~/models/feedback.server";
import { acceptInvitation, declineInvitation, withdrawFromEvent, type InvitationResult } from "~/models/invitation.server";
import { listAssignmentCards, listAssignments } from "~/models/participant/assignments.server";
import { getFormOptions, listTownRefs } from "~/models/participant/formOptions.server";
import { participantIdForToken } from "~/models/participant/links.server";
import { getParticipantProfile, setPause, setReminders, updateParticipant, type ParticipantProfile } from "~/models/participant/profile.server";
import { GivenFeedbackSchema } from "~/schemas/feedback";
import { InvitationAnswerSchema, PauseSchema, participantFormValues, participantSchema, type ParticipantValues } from "~/schemas/participant";
import { nowIso } from "~/utils/clock.server";
import { parseForm, parseIntentForm, parseValues, readFormData } from "~/utils/forms";
import { trustedOrigin } from "~/utils/origin.server";
import { pageTitle } from "~/utils/pageTitle";
import { notFound } from "~/utils/params";
import href from "~/styles/participants.css";
import feedbackHref from "~/styles/feedback.css";
import claimsHref from "~/styles/claims.css";

export const links = () => [
  { rel: "stylesheet", href },
  { rel: "stylesheet", href: feedbackHref },
  { rel: "stylesheet", href: claimsHref },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }, { name: "robots", content: "noindex" }];

// A private page: never cached by a shared cache or kept in the browser's history cache.
const PRIVATE_HEADERS = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };
export const headers: HeadersFunction = () => PRIVATE_HEADERS;

async function requireParticipant(token: string | undefined): Promise<number> {
  const id = await participantIdForToken(token);
  if (id === null) throw notFound(PRIVATE_HEADERS);
  return id;
}

function profileValues(p: NonNullable<ParticipantProfile>): ParticipantValues {
  return {
    first_name: p.firstName,
    last_name: p.lastName ?? "",
    email: p.email ?? "",
    phone: p.phone ?? "",
    home_town: p.homeTown?.slug ?? "",
    preferred_locale: p.preferredLocale,
    languages: p.languages,
    offers: p.offers.map((o) => ({ offer: o.offer, description: o.description ?? "" })),
    max_travel_minutes: String(p.maxTravelMinutes),
    monthly_cap: String(p.monthlyCap),
    weekdays: p.weekdays.map(String),
    times_of_day: p.timesOfDay,
    // Days gone by are no use for planning; the form shows the ones to come.
    unavailable_dates: p.unavailableDates.filter((d) => d >= localDateOf(nowIso())),
    needs_childcare: p.needsChildcare,
    needs_step_free: p.needsStepFree,
    dietary: p.dietary ?? "",
    country_of_origin: p.countryOfOrigin ?? "",
    gender: p.gender ?? "",
    show_first_name: p.showFirstName,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = await requireParticipant(params.token);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const [profile, assignments, options, feedback] = await Promise.all([
    getParticipantProfile(id),
    listAssignments(id),
    getFormOptions(locale),
    participantFeedbackEvents(id, locale),
  ]);
  if (!profile) throw notFound(PRIVATE_HEADERS);
  const now = nowIso();
  const invited = assignments.filter((a) => a.status === "invited" && a.startsAt > now && a.eventState !== "cancelled");
  const upcoming = assignments.filter((a) => a.status === "accepted" && a.endsAt > now);
  // Address, what they bring, who else goes: for the cards of events to come.
  const cards = await listAssignmentCards(
    id,
    [...invited, ...upcoming].map((a) => a.id),
  );
  const item = (a: (typeof assignments)[number]): ParticipantEventItem => ({
    id: a.id,
    title: localize(a.titleJson, locale),
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    venueName: a.venueName,
    townName: a.townName,
    slotOffer: a.slotOffer,
    travelMinutes: a.travelMinutes,
    status: a.status,
    eventState: a.eventState,
    placeTaken: a.placeTaken,
    eventId: a.eventId,
    card: cards.get(a.id) ?? null,
  });
  const today = localDateOf(now);
  // Travel costs (issue 17): events they went to, with their claims.
  const claims = await listClaimable(id, locale);
  return json(
    {
      title: pageTitle(t("participantMe.title")),
      firstName: profile.firstName,
      hasEmail: profile.email !== null,
      pausedUntil: isPaused(profile.pausedUntil, today) ? profile.pausedUntil : null,
      reminders: profile.reminders,
      today,
      values: profileValues(profile),
      options,
      invitations: invited.map(item),
      upcoming: upcoming.map(item),
      past: assignments
        .filter((a) => ["accepted", "attended", "no_show"].includes(a.status) && a.endsAt <= now && a.eventState !== "cancelled")
        .map(item)
        .reverse(),
      origin: trustedOrigin(),
      claims,
      // Events that have started, for their feedback (issue 16), newest first.
      feedback,
    },
    { headers: PRIVATE_HEADERS },
  );
}

const ANSWERS = { accept: acceptInvitation, decline: declineInvitation, withdraw: withdrawFromEvent } as const;

// The page's forms; the profile (towns from the database) and feedback (checked across its fields) are read by their own parsers.
const MeForms = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("profile") }),
  PauseSchema.extend({ intent: z.literal("pause") }),
  z.object({ intent: z.literal("resume") }),
  z.object({ intent: z.literal("reminders"), reminders: z.enum(["on", "off"]) }),
  InvitationAnswerSchema.extend({ intent: z.enum(["accept", "decline", "withdraw"]) }),
  z.object({ intent: z.literal("feedback") }),
  z.object({ intent: z.literal("erase"), confirm: z.literal("yes", { errorMap: () => ({ message: "validation.mustAgree" }) }) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const id = await requireParticipant(params.token);
  const formData = await readFormData(request);
  const form = parseIntentForm(MeForms, formData);
  const back = (done: string, anchor: string) => redirect(`/me/${params.token}?done=${done}#${anchor}`, { headers: PRIVATE_HEADERS });

  switch (form.intent) {
    case "profile": {
      const { intent } = form;
      const values = participantFormValues(formData);
      const schema = participantSchema({ towns: await listTownRefs(), mode: "edit", now: nowIso() });
      const parsed = parseValues(schema, values);
      if (!parsed.ok) return json({ intent, errors: parsed.errors, values, refusal: null }, { status: 400, headers: PRIVATE_HEADERS });
      const saved = await updateParticipant(id, parsed.data, { kind: "participant", participantId: id });
      // Erased while the form was open: the page is gone.
      if (!saved.ok && saved.code === "not_found") throw notFound(PRIVATE_HEADERS);
      if (!saved.ok) return json({ intent, errors: saved.errors, values, refusal: null }, { status: 400, headers: PRIVATE_HEADERS });
      return back("saved", "details");
    }

    case "pause":
    case "resume": {
      const { intent } = form;
      if (!form.ok) return json({ intent, errors: form.errors, values: null, refusal: null }, { status: 400, headers: PRIVATE_HEADERS });
      const pausedUntil = form.data.intent === "pause" ? form.data.paused_until : null;
      if (intent === "pause" && !pausedUntil) {
        return json({ intent, errors: { paused_until: "validation.required" }, values: null, refusal: null }, { status: 400, headers: PRIVATE_HEADERS });
      }
      await setPause(id, pausedUntil, { kind: "participant", participantId: id });
      return back(intent === "pause" ? "paused" : "resumed", "pause");
    }

    case "reminders": {
      const { intent } = form;
      if (!form.ok)
        return json({ intent, errors: {} as Record<string, string>, values: null, refusal: null, message: "outbox.refused.invalid" }, { status: 400, headers: PRIVATE_HEADERS });
      await setReminders(id, form.data.reminders === "on", { kind: "participant", participantId: id });
      return back(`reminders-${form.data.reminders}`, "reminders");
    }

    case "accept":
    case "decline":
    case "withdraw": {
      const { intent } = form;
      if (!form.ok) return json({ intent, errors: form.errors, values: null, refusal: null }, { status: 400, headers: PRIVATE_HEADERS });
      const result: InvitationResult = await ANSWERS[intent](id, form.data.assignment_id, form.data.reason);
      if (!result.ok) {
        const status = result.code === "not_found" ? 404 : 409;
        return json({ intent, errors: {} as Record<string, string>, values: null, refusal: result.code }, { status, headers: PRIVATE_HEADERS });
      }
      return back(intent === "accept" ? "accepted" : intent === "decline" ? "declined" : "withdrawn", intent === "decline" ? "invitations" : "upcoming");
    }

    case "feedback": {
      // Their own feedback on an event they were coming to (issue 16).
      const { intent } = form;
      const values = { rating: String(formData.get("rating") ?? ""), text: String(formData.get("text") ?? "") };
      const eventId = Number(formData.get("eventId")) || null;
      const parsed = parseForm(GivenFeedbackSchema, formData);
      if (!parsed.ok)
        return json({ intent, eventId, errors: parsed.errors, values: null, feedbackValues: values, refusal: null, formError: null }, { status: 400, headers: PRIVATE_HEADERS });
      const result = await giveParticipantFeedback(id, parsed.data.eventId, { rating: parsed.data.rating, text: parsed.data.text });
      if (!result.ok) {
        return json(
          { intent, eventId, errors: {} as Record<string, string>, values: null, feedbackValues: values, refusal: null, formError: `feedback2.refused.${result.code}` },
          { status: result.code === "not_found" ? 404 : 409, headers: PRIVATE_HEADERS },
        );
      }
      return redirect(`/me/${params.token}?done=feedback&event=${parsed.data.eventId}#feedback-${parsed.data.eventId}`, { headers: PRIVATE_HEADERS });
    }

    case "erase": {
      const { intent } = form;
      if (!form.ok) return json({ intent, errors: form.errors, values: null, refusal: null }, { status: 400, headers: PRIVATE_HEADERS });
      await eraseParticipant(id, { kind: "participant", participantId: id });
      return redirect("/erased", { headers: PRIVATE_HEADERS });
    }
  }

  throw new Response("Bad request", { status: 400, headers: PRIVATE_HEADERS });
}

export default function ParticipantPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const params = useParams();
  const { t } = useTranslation();
  const pending = navigation.state === "submitting";
  const done = searchParams.get("done");
  const profileErrors: Record<string, string> = actionData?.intent === "profile" ? actionData.errors : {};
  const pauseErrors: Record<string, string> = actionData?.intent === "pause" ? actionData.errors : {};
  const eraseErrors: Record<string, string> = actionData?.intent === "erase" ? actionData.errors : {};
  const values = actionData?.intent === "profile" && actionData.values ? actionData.values : data.values;

  return (
    <div className="participant-page">
      <h1>{t("participantMe.hello", { name: data.firstName })}</h1>
      <p className="lead">{t("participantMe.lead")}</p>
      {searchParams.get("welcome") ? (
        <div className="notice" role="status">
          <p>
            <strong>{t("participantMe.welcome")}</strong>
          </p>
          <p>{!data.hasEmail ? t("participantMe.welcomeBookmark") : searchParams.get("unmailed") ? t("participantMe.welcomeNotMailed") : t("participantMe.welcomeMailed")}</p>
        </div>
      ) : null}
      {done && ["saved", "paused", "resumed", "accepted", "declined", "withdrawn"].includes(done) ? (
        <p className="notice" role="status">
          {t(`participantMe.done.${done}`)}
        </p>
      ) : null}
      {actionData?.refusal ? (
        <p className="form-error" role="alert">
          {t(`participantInvitation.refused.${actionData.refusal}`)}
        </p>
      ) : null}

      <nav className="page-sections" aria-label={t("participantMe.sections")}>
        <a href="#invitations">{t("participantMe.invitations")}</a>
        <a href="#upcoming">{t("participantMe.upcoming")}</a>
        <a href="#pause">{t("participantMe.pause")}</a>
        <a href="#reminders">{t("outbox.reminders.title")}</a>
        <a href="#details">{t("participantMe.details")}</a>
        <a href="#feedback">{t("feedback2.participantTitle")}</a>
        <a href="#past">{t("participantMe.past")}</a>
        <a href="#claims">{t("claims.me.sectionTitle")}</a>
        <a href="#data">{t("participantMe.data")}</a>
      </nav>

      <section id="invitations" aria-labelledby="invitations-title">
        <h2 id="invitations-title">{t("participantMe.invitations")}</h2>
        <ParticipantInvitations items={data.invitations} pending={pending} />
      </section>

      <section id="upcoming" aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">{t("participantMe.upcoming")}</h2>
        <ParticipantUpcoming items={data.upcoming} pending={pending} />
        <SubscribeLinks feed={`/feeds/me/${params.token}.ics`} origin={data.origin} personal />
      </section>

      <PauseSection pausedUntil={data.pausedUntil} today={data.today} pending={pending} errors={pauseErrors} />
      <RemindersSection
        reminders={data.reminders}
        hasEmail={data.hasEmail}
        pending={pending}
        done={done}
        message={actionData && "message" in actionData && typeof actionData.message === "string" ? actionData.message : null}
      />

      <section id="details" aria-labelledby="details-title">
        <h2 id="details-title">{t("participantMe.details")}</h2>
        {Object.keys(profileErrors).length > 0 ? (
          <p className="form-error" role="alert">
            {t("participantJoin.fixErrors")}
          </p>
        ) : null}
        <ParticipantForm
          mode="edit"
          values={values}
          errors={profileErrors}
          towns={data.options.towns}
          languages={data.options.languages}
          countries={data.options.countries}
          submitLabel={t("participantMe.save")}
          pending={pending}
        />
      </section>

      <section id="feedback" aria-labelledby="feedback-title" className="narrow">
        <h2 id="feedback-title">{t("feedback2.participantTitle")}</h2>
        <p>{t("feedback2.participantLead")}</p>
        {data.feedback.length === 0 ? <p className="empty">{t("feedback2.none")}</p> : null}
        {data.feedback.map((item, index) => {
          const mine = actionData?.intent === "feedback" && "eventId" in actionData && actionData.eventId === item.eventId ? actionData : null;
          const saved = done === "feedback" && searchParams.get("event") === String(item.eventId);
          const outcome: FeedbackOutcome | null = mine
            ? {
                ok: false,
                errors: mine.errors as Record<string, string>,
                message: "formError" in mine ? (mine.formError as string | null) : null,
                values: "feedbackValues" in mine ? (mine.feedbackValues as FeedbackOutcome["values"]) : null,
              }
            : saved
              ? { ok: true, errors: {}, message: "feedback2.saved" }
              : null;
          return <GiveFeedback key={`${item.eventId}-${item.feedback?.response ?? ""}`} item={item} open={index === 0} author="participant" outcome={outcome} />;
        })}
      </section>

      <section id="past" aria-labelledby="past-title">
        <h2 id="past-title">{t("participantMe.past")}</h2>
        <ParticipantPast items={data.past} />
      </section>

      <ClaimsSection claims={data.claims} token={params.token ?? ""} />

      <section id="data" aria-labelledby="data-title" className="narrow">
        <h2 id="data-title">{t("participantMe.data")}</h2>
        <p>{t("participantMe.dataHint")}</p>
        <p>
          <a className="button secondary" href={`/me/${params.token}/data.json`} download>
            {t("participantMe.download")}
          </a>
        </p>
        <h3>{t("erase.title")}</h3>
        <p>{t("erase.explain")}</p>
        <EraseForm confirmLabel={t("erase.confirm")} buttonLabel={t("erase.button")} error={eraseErrors.confirm} />
      </section>
    </div>
  );
}

/** An unknown, revoked or mistyped private link: say so and point to a new one, not a bare 404. */
export function ErrorBoundary() {
  return <UnknownLinkBoundary keys="participantLost.unknownLink" lostHref="/me/lost" />;
}
