import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { FilterSelect } from "~/components/FilterSelect";
import { MatchReasons } from "~/components/MatchReasons";
import { MatchSummary } from "~/components/MatchSummary";
import { localDateOf } from "~/domain/schedule";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { sendInvitations, setConstraint, setSeriesConstraint } from "~/models/matching.server";
import { matchingPage, matchingScopeFrom } from "~/models/matchingPage.server";
import { acceptProposal } from "~/models/matchingProposal.server";
import { useLocale } from "~/utils/locale";
import { requireCoordinator } from "~/models/auth.server";
import { formatDayMonth, formatLongLocalDate, formatShortLocalDate } from "~/utils/dates";
import { parseIntentForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";

import scheduleStyles from "~/styles/schedule.css";
import seriesRequestStyles from "~/styles/series-request.css";

export const links = () => [
  { rel: "stylesheet", href: scheduleStyles },
  { rel: "stylesheet", href: seriesRequestStyles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const url = new URL(request.url);
  const page = await matchingPage(matchingScopeFrom(url.searchParams), locale, url.searchParams.get("run") === "1");
  return json({ title: pageTitle(t("admin.nav.matching")), ...page });
}

// Bounded: 1e308 is an "integer" to JavaScript but not to SQLite.
const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const ConstraintKind = z.enum(["lock", "exclude", "none"]);

const MatchingForms = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("constraint"), participantId: Id, eventId: Id, kind: ConstraintKind }),
  z.object({ intent: z.literal("series_constraint"), participantId: Id, seriesId: Id, kind: ConstraintKind }),
  z.object({ intent: z.literal("accept"), fingerprint: z.string().default("") }),
  z.object({ intent: z.literal("invite") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const actor = { kind: "user" as const, userId: user.id };
  const url = new URL(request.url);
  const scope = matchingScopeFrom(url.searchParams);
  const form = parseIntentForm(MatchingForms, await readFormData(request));
  if (!form.ok) return json({ message: "validation.invalid", ok: false }, { status: 400 });
  switch (form.data.intent) {
    case "constraint": {
      const { participantId, eventId, kind } = form.data;
      await setConstraint(participantId, eventId, kind, actor);
      return json({ message: `matching.constraint.${kind}`, ok: true });
    }
    case "series_constraint": {
      const { participantId, seriesId, kind } = form.data;
      const outcome = await setSeriesConstraint(participantId, seriesId, kind, actor);
      if (!outcome.ok) return json({ message: "seriesRequest.matching.notFound", ok: false }, { status: 404 });
      return json({ message: `seriesRequest.matching.done.${kind}`, ok: true, count: outcome.sessions });
    }
    case "accept": {
      const outcome = await acceptProposal(scope, form.data.fingerprint, actor);
      if (!outcome.ok) return json({ message: `matching.accept.${outcome.code}`, ok: false }, { status: 409 });
      return json({ message: "matching.accept.done", ok: true, count: outcome.created });
    }
    case "invite": {
      const count = await sendInvitations(scope, actor);
      return json({ message: "matching.invite.done", ok: true, count });
    }
  }
}

export default function Matching() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const locale = useLocale();
  const { scope, run } = data;
  const busy = navigation.state !== "idle";

  return (
    <>
      <div className="page-head">
        <h1>{t("admin.nav.matching")}</h1>
        <Link className="button secondary" to="/admin/rotation">
          {t("matching.rotationLink")}
        </Link>
      </div>
      <p className="lead">{t("matching.lead")}</p>

      <Form method="get" className="filters">
        <input type="hidden" name="run" value="1" />
        <label>
          {t("matching.from")}
          <input type="date" name="from" defaultValue={scope.from} />
        </label>
        <label>
          {t("matching.to")}
          <input type="date" name="to" defaultValue={scope.to} />
        </label>
        <FilterSelect
          id="filter-region"
          name="region"
          label={t("adminEvents.filters.region")}
          anyLabel={t("adminEvents.filters.all")}
          defaultValue={scope.regionCode}
          options={data.regions.map((r) => ({ value: r.code, label: r.name }))}
        />
        <button type="submit" disabled={busy}>
          {run ? t("matching.rerun") : t("matching.run")}
        </button>
      </Form>
      {!data.valid ? (
        <p className="form-error" role="alert">
          {t("matching.badPeriod")}
        </p>
      ) : null}

      {actionData ? (
        <p className={actionData.ok ? "notice" : "form-error"} role={actionData.ok ? "status" : "alert"}>
          {t(actionData.message, { count: "count" in actionData ? Number(actionData.count) : 0 })}
        </p>
      ) : null}

      {data.proposed > 0 ? (
        <section className="panel waiting-panel" aria-labelledby="waiting">
          <h2 id="waiting">{t("matchview.waiting.title")}</h2>
          <p>{t("matchview.waiting.lead", { count: data.proposed })}</p>
          <ul className="waiting-list">
            {data.waiting.map((lineup) => (
              <li key={lineup.eventId}>
                <Link to={`/admin/events/${lineup.eventId}`}>{lineup.title}</Link> <span className="muted">{formatDayMonth(localDateOf(lineup.startsAt), locale, true)}</span>:{" "}
                {lineup.names.join(", ")} <span className="muted">({t("matchview.waiting.travel", { minutes: new Intl.NumberFormat(locale).format(lineup.travelMinutes) })})</span>
              </li>
            ))}
          </ul>
          <Form method="post" className="invite-panel">
            <input type="hidden" name="intent" value="invite" />
            <p>{t("matchview.waiting.total", { minutes: new Intl.NumberFormat(locale).format(data.waiting.reduce((n, l) => n + l.travelMinutes, 0)) })}</p>
            <button type="submit" disabled={busy}>
              {t("matching.invite.button", { count: data.proposed })}
            </button>
          </Form>
        </section>
      ) : null}

      {run ? (
        <>
          <section className="panel" aria-labelledby="summary">
            <h2 id="summary">{t("matching.summary.title")}</h2>
            <MatchSummary run={run} />
            {run.lockIssues.length > 0 ? (
              <div className="form-error" role="alert">
                <p>{t("matching.lockIssues")}</p>
                <ul>
                  {run.lockIssues.map((issue) => (
                    <li key={`${issue.participantId}:${issue.eventId}`}>
                      {issue.name} → {issue.title}: <MatchReasons reasons={issue.reasons} />
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {run.status !== "infeasible" && run.filled > 0 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="accept" />
                <input type="hidden" name="fingerprint" value={run.fingerprint} />
                <button type="submit" disabled={busy}>
                  {t("matching.accept.button", { count: run.filled })}
                </button>
              </Form>
            ) : null}
          </section>

          {run.constraints.length > 0 || run.seriesConstraints.length > 0 ? (
            <section className="panel" aria-labelledby="constraints">
              <h2 id="constraints">{t("matching.constraints")}</h2>
              <ul className="constraint-list">
                {run.constraints.map((c) => (
                  <li key={`${c.kind}:${c.participantId}:${c.eventId}`}>
                    <span className={`tag ${c.kind === "lock" ? "state-confirmed" : "state-cancelled"}`}>{t(`matching.kind.${c.kind}`)}</span> {c.name} → {c.title} (
                    {formatShortLocalDate(c.localDate, locale)})
                    <ConstraintButton participantId={c.participantId} eventId={c.eventId} kind="none" label={t("matching.clear")} />
                  </li>
                ))}
                {run.seriesConstraints.map((c) => (
                  <li key={`series:${c.participantId}:${c.seriesId}`} className="series-constraint">
                    <span className={`tag ${c.kind === "lock" ? "state-confirmed" : "state-cancelled"}`}>{t(`matching.kind.${c.kind}`)}</span>{" "}
                    <span className="tag">{t("seriesRequest.matching.wholeSeries")}</span> {c.name} → {c.title} (
                    {t("seriesRequest.matching.sessionsInPeriod", { total: c.sessions })})
                    <SeriesConstraintButton
                      participantId={c.participantId}
                      seriesId={c.seriesId}
                      kind="none"
                      label={t("seriesRequest.matching.clearSeries")}
                      ariaLabel={t("seriesRequest.matching.clearSeriesLabel", { name: c.name, series: c.title })}
                    />
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <section aria-labelledby="by-event">
            <h2 id="by-event">{t("matching.byEvent")}</h2>
            {run.events.length === 0 ? <p className="empty">{t("matching.noEvents")}</p> : null}
            {run.events.map((event) => (
              <article key={event.id} className="panel match-event">
                <h3>
                  <Link to={`/admin/events/${event.id}`}>{event.title}</Link> <span className="muted">{formatLongLocalDate(event.localDate, locale)}</span>
                </h3>
                {event.audience ? (
                  <p className="audience-note">
                    <span className="tag tag-audience">{t(`audience.label.${event.audience.code === "women_only" ? "women" : "families"}`)}</span>{" "}
                    {t(`audience.ruledOut.${event.audience.code}`, { count: event.audience.ruledOut })}
                  </p>
                ) : null}
                <table>
                  <thead>
                    <tr>
                      <th>{t("matching.slot")}</th>
                      <th>{t("matching.who")}</th>
                      <th>{t("matching.why")}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {event.slots.map((slot) => (
                      <tr key={slot.id} className={slot.participant ? undefined : "unfilled"}>
                        <td>{slot.offer ? t(`offer.${slot.offer}`) : t("adminEvents.form.anyOffer")}</td>
                        <td>
                          {slot.participant ? (
                            <Link to={`/admin/participants/${slot.participant.id}`}>{slot.participant.name}</Link>
                          ) : (
                            <span className="empty">{t("matching.unfilled")}</span>
                          )}
                        </td>
                        <td>
                          <MatchReasons reasons={slot.reasons} />
                        </td>
                        <td className="actions">
                          {slot.participant && !slot.participant.locked ? (
                            <>
                              <ConstraintButton participantId={slot.participant.id} eventId={event.id} kind="lock" label={t("matching.lock")} />
                              <ConstraintButton participantId={slot.participant.id} eventId={event.id} kind="exclude" label={t("matching.exclude")} />
                              {event.seriesId !== null ? (
                                <span className="series-actions">
                                  <SeriesConstraintButton
                                    participantId={slot.participant.id}
                                    seriesId={event.seriesId}
                                    kind="lock"
                                    label={t("seriesRequest.matching.lockSeries")}
                                    ariaLabel={t("seriesRequest.matching.lockSeriesLabel", { name: slot.participant.name, series: event.title })}
                                  />
                                  <SeriesConstraintButton
                                    participantId={slot.participant.id}
                                    seriesId={event.seriesId}
                                    kind="exclude"
                                    label={t("seriesRequest.matching.excludeSeries")}
                                    ariaLabel={t("seriesRequest.matching.excludeSeriesLabel", { name: slot.participant.name, series: event.title })}
                                  />
                                </span>
                              ) : null}
                            </>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </article>
            ))}
          </section>

          <section aria-labelledby="by-participant">
            <h2 id="by-participant">{t("matching.byParticipant")}</h2>
            <table>
              <thead>
                <tr>
                  <th>{t("matching.who")}</th>
                  <th>{t("matching.loadBefore")}</th>
                  <th>{t("matching.loadAfter")}</th>
                  <th>{t("matching.why")}</th>
                </tr>
              </thead>
              <tbody>
                {run.byParticipant.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/admin/participants/${p.id}`}>{p.name}</Link>
                    </td>
                    <td>{p.before}</td>
                    <td>
                      {p.after}
                      {p.picked ? <span className="muted"> (+{p.picked})</span> : null}
                    </td>
                    <td>
                      <MatchReasons reasons={p.reasons} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </>
  );
}

function ConstraintButton({ participantId, eventId, kind, label }: { participantId: number; eventId: number; kind: "lock" | "exclude" | "none"; label: string }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="constraint" />
      <input type="hidden" name="participantId" value={participantId} />
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="kind" value={kind} />
      <button type="submit" className={kind === "exclude" ? "link-button danger-link" : "link-button"}>
        {label}
      </button>
    </Form>
  );
}

/** Lock, exclude or clear for every session of a series; the short visible label gets the person's name in its aria-label. */
function SeriesConstraintButton({
  participantId,
  seriesId,
  kind,
  label,
  ariaLabel,
}: {
  participantId: number;
  seriesId: number;
  kind: "lock" | "exclude" | "none";
  label: string;
  ariaLabel: string;
}) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="series_constraint" />
      <input type="hidden" name="participantId" value={participantId} />
      <input type="hidden" name="seriesId" value={seriesId} />
      <input type="hidden" name="kind" value={kind} />
      <button type="submit" className={kind === "exclude" ? "link-button danger-link" : "link-button"} aria-label={ariaLabel}>
        {label}
      </button>
    </Form>
  );
}
