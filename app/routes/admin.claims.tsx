import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { Field } from "~/components/Field";
import { FieldError } from "~/components/FieldError";
import { isOneOf, type Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { requireCoordinator } from "~/models/auth.server";
import { decideClaims, listClaims, type ClaimFilter, type Decision } from "~/models/claims/coordinator.server";
import { createPaymentBatch, getPaymentSettings, listBatches, markBatchPaid } from "~/models/claims/payments.server";
import { formatInTallinn, formatLongDate } from "~/utils/dates";
import { parseIntentForm, readFormData } from "~/utils/forms";
import { useLocale } from "~/utils/locale";
import { formatEuros } from "~/utils/money";
import { pageTitle } from "~/utils/pageTitle";
import claimsHref from "~/styles/claims.css";

export const links = () => [{ rel: "stylesheet", href: claimsHref }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

const NO_STORE = { "Cache-Control": "no-store" };
const FILTERS = ["submitted", "approved", "rejected", "paid", "all"] as const satisfies readonly ClaimFilter[];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const raw = new URL(request.url).searchParams.get("state");
  const filter: ClaimFilter = isOneOf(FILTERS, raw) ? raw : "submitted";
  const [list, batches, settings] = await Promise.all([listClaims(filter, locale), listBatches(), getPaymentSettings()]);
  return json(
    {
      title: pageTitle(t("claims.admin.title")),
      filter,
      ...list,
      batches,
      settingsReady: Boolean(settings.legalName && settings.iban),
      defaultMessage: t("claims.admin.defaultMessage"),
    },
    { headers: NO_STORE },
  );
}

const Ids = z
  .array(z.coerce.number({ message: "validation.invalid" }).int("validation.invalid").positive("validation.invalid").max(Number.MAX_SAFE_INTEGER, "validation.invalid"))
  .min(1, "claims.error.noneChosen")
  .max(500, "validation.invalid");
const ClaimForms = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), ids: Ids }),
  z.object({
    intent: z.literal("reject"),
    ids: Ids,
    reason: z.string({ message: "claims.error.reason" }).trim().min(1, "claims.error.reason").max(500, "validation.tooLong"),
  }),
  z.object({
    intent: z.literal("batch"),
    ids: Ids,
    message: z
      .string()
      .optional()
      .transform((v) => v?.trim() ?? "")
      .pipe(z.string().min(1, "validation.required").max(100, "validation.tooLong")),
  }),
  z.object({
    intent: z.literal("paid"),
    batch_id: z.coerce.number({ message: "validation.invalid" }).int("validation.invalid").positive("validation.invalid").max(Number.MAX_SAFE_INTEGER, "validation.invalid"),
  }),
]);

type Answer = { intent: string; errors: Record<string, string>; refusal: string | null; done: string | null; count?: number; message?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const form = parseIntentForm(ClaimForms, await readFormData(request), ["ids"]);
  const actor = { kind: "user" as const, userId: user.id };
  // A refusal also names its message key, as every answer that refuses does.
  const answer = (a: Partial<Answer> & { intent: string }, status = 200) =>
    json<Answer>({ errors: {}, refusal: null, done: null, ...a, ...(a.refusal ? { message: `claims.admin.refused.${a.refusal}` } : {}) }, { status, headers: NO_STORE });

  if (form.intent === null) throw new Response("Bad request", { status: 400, headers: NO_STORE });
  const { intent } = form;
  if (!form.ok) return answer({ intent, errors: form.errors }, 400);
  switch (form.data.intent) {
    case "approve":
    case "reject": {
      const decision: Decision = form.data.intent === "approve" ? { approve: true } : { approve: false, reason: form.data.reason };
      const result = await decideClaims(form.data.ids, decision, actor);
      if (!result.ok) return answer({ intent, refusal: result.code }, 409);
      return answer({ intent, done: intent === "approve" ? "approved" : "rejected", count: result.changed });
    }
    case "batch": {
      const result = await createPaymentBatch(form.data.ids, form.data.message, actor);
      if (!result.ok) return answer({ intent, refusal: result.code }, 409);
      return answer({ intent, done: "batch", count: form.data.ids.length });
    }
    case "paid":
      if (!(await markBatchPaid(form.data.batch_id, actor))) return answer({ intent, refusal: "already_paid" }, 409);
      return answer({ intent, done: "paid" });
  }
}

export default function Claims() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const pending = navigation.state === "submitting";
  const errors = answer?.errors ?? {};
  const lng = searchParams.get("lng");
  const withLng = (path: string) => (lng ? `${path}${path.includes("?") ? "&" : "?"}lng=${lng}` : path);
  const decidable = data.claims.some((c) => c.status === "submitted" || (c.status === "approved" && c.batchId === null));
  const payable = data.claims.some((c) => c.status === "approved" && c.batchId === null);
  const selectableCount = data.claims.filter((c) => c.status === "submitted" || (c.status === "approved" && c.batchId === null)).length;
  // "Select all" and the chosen count need the browser's script: without it the page shows neither.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const formRef = useRef<HTMLFormElement>(null);
  const [chosen, setChosen] = useState(0);
  const boxes = () => [...(formRef.current?.querySelectorAll<HTMLInputElement>('input[name="ids"]') ?? [])];
  const recount = () => setChosen(boxes().filter((b) => b.checked).length);
  // After an action the list is loaded again: the count follows what is ticked now.
  useEffect(recount, [data, answer]);
  const chooseAll = (checked: boolean) => {
    for (const box of boxes()) box.checked = checked;
    recount();
  };

  return (
    <div className="claims-admin">
      <h1>{t("claims.admin.title")}</h1>
      <p className="lead">{t("claims.admin.lead")}</p>

      {answer?.done ? (
        <p className="notice" role="status">
          {t(`claims.admin.done.${answer.done}`, { count: answer.count ?? 0 })}
        </p>
      ) : null}
      {answer?.refusal ? (
        <p className="form-error" role="alert">
          {t(`claims.admin.refused.${answer.refusal}`)}
          {answer.refusal === "settings_missing" ? (
            <>
              {" "}
              <Link to={withLng("/admin/settings#travel")}>{t("claims.admin.toSettings")}</Link>
            </>
          ) : null}
        </p>
      ) : null}
      {!data.settingsReady ? (
        <p className="warning">
          {t("claims.admin.settingsMissing")} <Link to={withLng("/admin/settings#travel")}>{t("claims.admin.toSettings")}</Link>
        </p>
      ) : null}

      <nav className="claim-filters" aria-label={t("claims.admin.filterLabel")}>
        {FILTERS.map((f) => (
          <Link key={f} to={withLng(`/admin/claims?state=${f}`)} aria-current={data.filter === f ? "page" : undefined}>
            {f === "all" ? t("claims.admin.all") : t(`claims.status.${f}`)}
            {f !== "all" ? <span className="count"> ({data.counts[f] ?? 0})</span> : null}
          </Link>
        ))}
      </nav>

      <section aria-labelledby="claims-list-title">
        <h2 id="claims-list-title" className="visually-hidden">
          {t("claims.admin.listTitle")}
        </h2>
        {data.claims.length === 0 ? (
          <p className="empty">{t("claims.admin.none")}</p>
        ) : (
          <Form method="post" className="claims-form" ref={formRef} onChange={recount}>
            {decidable ? (
              <div className="claim-toolbar" role="group" aria-label={t("claims.admin.toolbarLabel")}>
                {hydrated ? (
                  <label className="claim-select-all">
                    <input type="checkbox" checked={chosen > 0 && chosen === selectableCount} onChange={(e) => chooseAll(e.currentTarget.checked)} />
                    {t("claims.admin.selectAll", { count: selectableCount })}
                  </label>
                ) : null}
                {hydrated ? (
                  <span className="claim-chosen" aria-live="polite">
                    {t("claims.admin.chosen", { count: chosen })}
                  </span>
                ) : null}
                <span className="claim-toolbar-buttons">
                  <button type="submit" name="intent" value="approve" disabled={pending}>
                    {t("claims.admin.approve")}
                  </button>
                  {payable ? (
                    <button type="submit" name="intent" value="batch" className="secondary" disabled={pending}>
                      {t("claims.admin.createBatchShort")}
                    </button>
                  ) : null}
                  <a href="#claim-more-actions">{payable ? t("claims.admin.moreActions") : t("claims.admin.rejectBelow")}</a>
                </span>
              </div>
            ) : null}
            <FieldError error={errors.ids} />
            <ul className="claim-cards">
              {data.claims.map((claim) => {
                const selectable = claim.status === "submitted" || (claim.status === "approved" && claim.batchId === null);
                return (
                  <li key={claim.id} className={`claim-card claim-state-${claim.status}`}>
                    <div className="claim-card-head">
                      {selectable ? (
                        <input
                          type="checkbox"
                          name="ids"
                          value={claim.id}
                          id={`claim-${claim.id}`}
                          aria-label={t("claims.admin.choose", { name: claim.name ?? t("claims.admin.erased"), id: claim.id })}
                        />
                      ) : null}
                      <label htmlFor={selectable ? `claim-${claim.id}` : undefined} className="claim-who">
                        {claim.name ? <Link to={withLng(`/admin/participants/${claim.participantId}`)}>{claim.name}</Link> : <span>{t("claims.admin.erased")}</span>}
                      </label>
                      <span className="claim-amount">{formatEuros(claim.amountCents, locale)}</span>
                      <span className={`badge claim-badge-${claim.status}`}>{t(`claims.status.${claim.status}`)}</span>
                    </div>
                    <p className="claim-event">
                      <Link to={withLng(`/admin/events/${claim.eventId}`)}>{claim.eventTitle}</Link> · {formatLongDate(claim.startsAt, locale)} · {claim.townName}
                    </p>
                    {claim.lines.length ? (
                      <ul className="claim-lines">
                        {claim.lines.map((line, i) => (
                          <li key={i}>
                            {t(`claims.kind.${line.kind}`)}
                            {line.km ? ` · ${t("claims.kmValue", { km: line.km })}` : ""} · {formatEuros(line.amountCents, locale)}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    <p className="claim-meta">
                      {t("claims.admin.submittedAt", { date: formatInTallinn(claim.createdAt, "PPp", locale) })}
                      {claim.hasReceipt ? (
                        <>
                          {" · "}
                          <a href={`/admin/claims/${claim.id}/receipt`} target="_blank" rel="noreferrer">
                            {t("claims.admin.receipt")}
                          </a>
                        </>
                      ) : (
                        <> · {t("claims.admin.noReceipt")}</>
                      )}
                      {!claim.hasIban && claim.status !== "paid" ? <> · {t("claims.admin.noIban")}</> : null}
                      {claim.batchId ? <> · {t("claims.admin.inBatch", { id: claim.batchId })}</> : null}
                    </p>
                    {claim.status === "rejected" && claim.rejectionReason ? (
                      <p className="claim-reason">{t("claims.admin.reasonShown", { reason: claim.rejectionReason })}</p>
                    ) : null}
                  </li>
                );
              })}
            </ul>
            {decidable ? (
              <div className="claim-actions" id="claim-more-actions">
                <button type="submit" name="intent" value="approve" disabled={pending}>
                  {t("claims.admin.approve")}
                </button>
                <div className="claim-reject">
                  <Field label={t("claims.admin.reason")} name="reason" error={errors.reason} hint={t("claims.admin.reasonHint")}>
                    {(field) => <textarea {...field} name="reason" rows={2} maxLength={500} />}
                  </Field>
                  <button type="submit" name="intent" value="reject" className="secondary" disabled={pending}>
                    {t("claims.admin.reject")}
                  </button>
                </div>
                {payable ? (
                  <div className="claim-batch">
                    <Field label={t("claims.admin.batchMessage")} name="message" error={errors.message} hint={t("claims.admin.batchMessageHint")}>
                      {(field) => <input {...field} name="message" defaultValue={data.defaultMessage} maxLength={100} />}
                    </Field>
                    <button type="submit" name="intent" value="batch" disabled={pending}>
                      {t("claims.admin.createBatch")}
                    </button>
                  </div>
                ) : null}
              </div>
            ) : null}
          </Form>
        )}
      </section>

      <section aria-labelledby="batches-title">
        <h2 id="batches-title">{t("claims.admin.batchesTitle")}</h2>
        {data.batches.length === 0 ? (
          <p className="empty">{t("claims.admin.noBatches")}</p>
        ) : (
          <ul className="batch-list">
            {data.batches.map((batch) => (
              <li key={batch.id} className="batch">
                <p>
                  <strong>{t("claims.admin.batchName", { id: batch.id })}</strong> · {batch.message} · {t("claims.admin.batchCount", { count: batch.count })} ·{" "}
                  {formatEuros(batch.amountCents, locale)}
                </p>
                <p className="hint">
                  {t("claims.admin.batchCreated", { date: formatInTallinn(batch.createdAt, "PPp", locale) })}
                  {batch.paidAt ? ` · ${t("claims.admin.batchPaid", { date: formatInTallinn(batch.paidAt, "PPp", locale) })}` : ""}
                </p>
                <p className="batch-actions">
                  <a className="button secondary" href={`/admin/claims/batches/${batch.id}.csv`} download>
                    {t("claims.admin.csv")}
                  </a>
                  <a className="button secondary" href={`/admin/claims/batches/${batch.id}.xml`} download>
                    {t("claims.admin.pain")}
                  </a>
                  {!batch.paidAt ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="batch_id" value={batch.id} />
                      <button type="submit" name="intent" value="paid" disabled={pending}>
                        {t("claims.admin.markPaid")}
                      </button>
                    </Form>
                  ) : null}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
