import { redirect, json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { EraseForm } from "~/components/EraseForm";
import { FieldError } from "~/components/FieldError";
import { useDuration, useFieldLabel } from "~/components/participant/labels";
import { localize } from "~/domain/localizedText";
import { isPaused } from "~/domain/participants/directory";
import { seasonStart } from "~/domain/participants/season";
import { localDateOf, zonedInstant } from "~/domain/schedule";
import { WEEKDAYS_MONDAY_FIRST, type Locale } from "~/domain/vocabulary";
import { LOCALE_NAMES } from "~/i18n/config";
import { i18next } from "~/i18n/i18next.server";
import { eraseParticipant } from "~/models/erasure.server";
import { listAssignments } from "~/models/participant/assignments.server";
import { loadSince } from "~/models/participant/directory.server";
import { getFormOptions } from "~/models/participant/formOptions.server";
import { replaceLink } from "~/models/participant/links.server";
import { getParticipantProfile } from "~/models/participant/profile.server";
import { requireCoordinator } from "~/models/auth.server";
import { nowIso } from "~/utils/clock.server";
import { formatLongLocalDate, formatShortDate, formatShortLocalDate, formatTimeRange } from "~/utils/dates";
import { parseIntentForm, readFormData } from "~/utils/forms";
import { trustedOrigin } from "~/utils/origin.server";
import { pageTitle } from "~/utils/pageTitle";
import { notFound, requireId } from "~/utils/params";
import { useLocale } from "~/utils/locale";
import href from "~/styles/participants.css";

export const links = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const id = requireId(params.id);
  const locale = (await i18next.getLocale(request)) as Locale;
  const profile = await getParticipantProfile(id);
  if (!profile) throw notFound();
  const today = localDateOf(nowIso());
  const season = seasonStart(today);
  const [assignments, load, options] = await Promise.all([
    listAssignments(id, { includeProposed: true }),
    loadSince(id, zonedInstant(season, "00:00").toISOString()),
    getFormOptions(locale),
  ]);
  const regionName = options.towns.find((r) => r.code === profile.homeTown?.regionCode)?.name ?? null;
  const languageName = new Map<string, string>(options.languages.map((l) => [l.code, l.name]));
  const countryName = options.countries.find((c) => c.code === profile.countryOfOrigin)?.name ?? profile.countryOfOrigin;
  return json({
    title: pageTitle([profile.firstName, profile.lastName].filter(Boolean).join(" ")),
    profile: {
      ...profile,
      languages: profile.languages.map((l) => ({ ...l, name: languageName.get(l.code) ?? l.code })),
      unavailableDates: profile.unavailableDates.filter((d) => d >= today),
    },
    regionName,
    countryName,
    paused: isPaused(profile.pausedUntil, today),
    load,
    seasonStart: season,
    history: assignments.map((a) => ({ ...a, title: localize(a.titleJson, locale) })).reverse(),
  });
}

// Both forms need their box ticked: erasing, and replacing the links (which stops the old ones).
const Confirmed = z.literal("yes");
const ParticipantForms = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("erase"), confirm: Confirmed }),
  z.object({ intent: z.literal("new-link"), confirm: Confirmed }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const id = requireId(params.id);
  const form = parseIntentForm(ParticipantForms, await readFormData(request));
  if (form.intent === "erase") {
    // On the participant's request; audited as done by this coordinator.
    if (!form.ok) return json({ link: null, eraseError: "validation.mustAgree", error: null }, { status: 400 });
    if (!(await eraseParticipant(id, { kind: "user", userId: user.id }))) throw notFound();
    return redirect("/admin/participants?erased=1");
  }
  if (form.intent !== "new-link") throw new Response("Bad request", { status: 400 });
  if (!(await getParticipantProfile(id))) throw notFound();
  // The old links (and the calendar subscribed through them) stop working: only once confirmed.
  if (!form.ok) return json({ link: null, eraseError: null, error: "adminpages.participantLink.confirmMissing" }, { status: 400 });
  const token = await replaceLink(id, { kind: "user", userId: user.id });
  // Shown once, for a coordinator to pass on (e.g. to someone without e-mail); only its hash is kept.
  return json({ link: `${trustedOrigin()}/me/${token}`, eraseError: null, error: null }, { headers: { "Cache-Control": "no-store" } });
}

export default function ParticipantDetail() {
  const { profile, regionName, countryName, paused, load, seasonStart: season, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const duration = useDuration();
  // The participant's own form speaks to them; here the same fields are about them.
  const label = useFieldLabel("coordinator");
  const day = (date: string) => formatLongLocalDate(date, locale);
  const none = <span className="empty">—</span>;
  return (
    <div>
      <p>
        <Link to="/admin/participants">{t("participantAdmin.back")}</Link>
      </p>
      <h1>
        {profile.firstName} {profile.lastName ?? ""}
      </h1>
      {paused && profile.pausedUntil ? <p className="warning">{t("participantAdmin.pausedUntil", { date: day(profile.pausedUntil) })}</p> : null}

      <div className="profile-grid">
        <section aria-labelledby="load-title">
          <h2 id="load-title">{t("participantAdmin.loadTitle")}</h2>
          <p className="load-figure">{load}</p>
          <p className="hint">{t("participantAdmin.loadExplained", { date: day(season), cap: profile.monthlyCap })}</p>
        </section>

        <section aria-labelledby="contact-title">
          <h2 id="contact-title">{t("participantAdmin.contact")}</h2>
          <dl className="facts">
            <dt>{t("participantForm.email")}</dt>
            <dd>{profile.email ? <a href={`mailto:${profile.email}`}>{profile.email}</a> : none}</dd>
            <dt>{t("participantForm.phone")}</dt>
            <dd>{profile.phone ? <a href={`tel:${profile.phone.replace(/\s/g, "")}`}>{profile.phone}</a> : none}</dd>
            <dt>{label("homeTown")}</dt>
            <dd>{profile.homeTown ? `${profile.homeTown.name}${regionName ? `, ${regionName}` : ""}` : none}</dd>
            <dt>{t("participantForm.preferredLocale")}</dt>
            <dd>{LOCALE_NAMES[profile.preferredLocale] ?? profile.preferredLocale}</dd>
          </dl>
        </section>

        <section aria-labelledby="offers-title">
          <h2 id="offers-title">{t("participantAdmin.languagesAndOffers")}</h2>
          <dl className="facts">
            {profile.languages.map((l) => (
              <div key={l.code} className="contents">
                <dt>{l.name}</dt>
                <dd>{t(`participantForm.level.${l.level}`)}</dd>
              </div>
            ))}
            {profile.offers.map((o) => (
              <div key={o.offer} className="contents">
                <dt>{t(`offer.${o.offer}`)}</dt>
                <dd>{o.description ?? none}</dd>
              </div>
            ))}
          </dl>
        </section>

        <section aria-labelledby="travel-title">
          <h2 id="travel-title">{t("participantAdmin.travelAndTime")}</h2>
          <dl className="facts">
            <dt>{t("participantForm.maxTravel")}</dt>
            <dd>{duration(profile.maxTravelMinutes)}</dd>
            <dt>{t("participantForm.monthlyCap")}</dt>
            <dd>{profile.monthlyCap}</dd>
            <dt>{label("weekdays")}</dt>
            <dd>
              {WEEKDAYS_MONDAY_FIRST.filter((d) => profile.weekdays.includes(d))
                .map((d) => t(`participantForm.weekday.${d}`))
                .join(", ") || "—"}
            </dd>
            <dt>{label("timesOfDay")}</dt>
            <dd>{profile.timesOfDay.map((x) => t(`participantForm.timeOfDay.${x}`)).join(", ") || "—"}</dd>
            <dt>{label("unavailableDates")}</dt>
            <dd>{profile.unavailableDates.length ? profile.unavailableDates.map((d) => formatShortLocalDate(d, locale)).join(", ") : none}</dd>
          </dl>
        </section>

        <section aria-labelledby="needs-title">
          <h2 id="needs-title">{t("participantAdmin.needsAndBackground")}</h2>
          <dl className="facts">
            <dt>{t("participantAdmin.needs")}</dt>
            <dd>
              {[profile.needsChildcare ? t("participantAdmin.childcare") : null, profile.needsStepFree ? t("participantAdmin.stepFree") : null].filter(Boolean).join(", ") || "—"}
            </dd>
            <dt>{t("participantForm.dietary")}</dt>
            <dd>{profile.dietary ?? none}</dd>
            <dt>{t("participantForm.countryOfOrigin")}</dt>
            <dd>{countryName ?? none}</dd>
            <dt>{t("participantForm.gender")}</dt>
            <dd>{profile.gender ? t(`participantForm.genderOption.${profile.gender}`) : none}</dd>
            <dt>{t("participantAdmin.consent")}</dt>
            <dd>{profile.consentAt ? t("participantAdmin.consentGiven", { date: formatShortDate(profile.consentAt, locale), version: profile.consentVersion ?? "—" }) : none}</dd>
          </dl>
        </section>
      </div>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("participantAdmin.history")}</h2>
        {history.length === 0 ? (
          <p className="empty">{t("participantAdmin.noHistory")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("participantAdmin.col.date")}</th>
                  <th scope="col">{t("participantAdmin.col.event")}</th>
                  <th scope="col">{t("participantAdmin.col.slot")}</th>
                  <th scope="col">{t("participantAdmin.col.status")}</th>
                  <th scope="col">{t("participantAdmin.col.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((a) => (
                  <tr key={a.id}>
                    <td>
                      {formatShortDate(a.startsAt, locale)}
                      <div className="hint">{formatTimeRange(a.startsAt, a.endsAt, locale)}</div>
                    </td>
                    <td>
                      <Link to={`/admin/events/${a.eventId}`}>{a.title}</Link>
                      <div className="hint">
                        {a.venueName}, {a.townName}
                        {a.travelMinutes !== null ? ` · ${duration(a.travelMinutes)}` : ""}
                      </div>
                    </td>
                    <td>{a.slotOffer ? t(`offer.${a.slotOffer}`) : "—"}</td>
                    <td>
                      <span className={`tag status-${a.status}`}>{t(`participantInvitation.status.${a.status}`)}</span>
                      {a.eventState === "cancelled" ? <span className="tag tag-cancelled">{t("event.state.cancelled")}</span> : null}
                    </td>
                    <td>{a.responseReason ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="link-title" className="narrow">
        <h2 id="link-title">{t("participantAdmin.linkTitle")}</h2>
        <p>{t("participantAdmin.linkHint")}</p>
        {actionData?.link ? (
          <div className="notice" role="status">
            <p>{t("participantAdmin.linkCreated")}</p>
            <p className="secret-link">{actionData.link}</p>
          </div>
        ) : (
          // A second step, without JavaScript too: the button that replaces the links is inside.
          <details className="link-confirm" open={Boolean(actionData?.error)}>
            <summary>{t("participantAdmin.newLink")}</summary>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="new-link" />
              <input type="hidden" name="confirm" value="yes" />
              <p>{t("adminpages.participantLink.warning")}</p>
              <FieldError error={actionData?.error} />
              <div>
                <button type="submit" className="danger">
                  {t("adminpages.participantLink.confirm")}
                </button>
              </div>
            </Form>
          </details>
        )}
      </section>

      <section aria-labelledby="erase-title" className="narrow">
        <h2 id="erase-title">{t("erase.adminTitle")}</h2>
        <p>{t("erase.adminExplain")}</p>
        <EraseForm confirmLabel={t("erase.adminConfirm")} buttonLabel={t("erase.adminButton")} error={actionData?.eraseError} />
      </section>
    </div>
  );
}
