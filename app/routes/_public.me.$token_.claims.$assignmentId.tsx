import {
  json,
  redirect,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  type UploadHandler,
} from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useLocation, useNavigation, useParams, useRouteError, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { Field } from "~/components/Field";
import { FieldError } from "~/components/FieldError";
import { UnknownLinkBoundary } from "~/components/UnknownLink";
import { maskIban } from "~/domain/payments/iban";
import { TRAVEL_LINE_KINDS } from "~/domain/payments/lineKinds";
import { RECEIPT_MAX_BYTES, sniffReceiptType } from "~/domain/payments/receipt";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { getClaimForm, saveClaim } from "~/models/claims/participant.server";
import { participantIdForToken } from "~/models/participant/links.server";
import { CLAIM_FORM_ROWS, claimFormRaw, parseClaimForm, type ClaimFormRaw } from "~/schemas/claims";
import { formatLongDate } from "~/utils/dates";
import { formFields, readFormData } from "~/utils/forms";
import { useLocale } from "~/utils/locale";
import { formatEuros } from "~/utils/money";
import { pageTitle } from "~/utils/pageTitle";
import { notFound, parseId } from "~/utils/params";
import participantsHref from "~/styles/participants.css";
import claimsHref from "~/styles/claims.css";

export const links = () => [
  { rel: "stylesheet", href: participantsHref },
  { rel: "stylesheet", href: claimsHref },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }, { name: "robots", content: "noindex" }];

const PRIVATE_HEADERS = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };
export const headers: HeadersFunction = () => PRIVATE_HEADERS;

async function requireClaimant(params: { token?: string; assignmentId?: string }) {
  const participantId = await participantIdForToken(params.token);
  const assignmentId = parseId(params.assignmentId);
  if (participantId === null || assignmentId === null) throw notFound(PRIVATE_HEADERS);
  return { participantId, assignmentId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { participantId, assignmentId } = await requireClaimant(params);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const form = await getClaimForm(participantId, assignmentId, locale);
  if (!form) throw notClaimable();
  const { iban, title: eventTitle, ...rest } = form;
  // The IBAN goes to the page masked only: the form asks for it again to change it.
  return json({ title: pageTitle(t("claims.me.title")), eventTitle, ...rest, maskedIban: iban ? maskIban(iban) : null, maxBytes: RECEIPT_MAX_BYTES }, { headers: PRIVATE_HEADERS });
}

/** The link works, but this event is not one they can claim for (not theirs, not over, a no-show, cancelled): the page says so, not "unknown link". */
function notClaimable() {
  return json({ notClaimable: true }, { status: 404, headers: PRIVATE_HEADERS });
}

type ReceiptPart = { tooLarge: boolean; file: { bytes: Uint8Array; name: string } | null };

/**
 * Reads the multipart form: the receipt into memory up to RECEIPT_MAX_BYTES (the rest of a larger
 * one is read off and dropped, so the form's other fields still arrive and the page can say what
 * was wrong next to the field), every text field through Remix's memory handler with a small
 * maxPartSize.
 */
async function readClaimForm(request: Request): Promise<{ form: FormData; receipt: ReceiptPart }> {
  const receipt: ReceiptPart = { tooLarge: false, file: null };
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  if (!type.startsWith("multipart/form-data")) return { form: await readFormData(request), receipt };
  const receiptHandler: UploadHandler = async ({ name, filename, data }) => {
    if (name !== "receipt" || filename === undefined) return undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > RECEIPT_MAX_BYTES) receipt.tooLarge = true;
      else chunks.push(chunk);
    }
    if (!receipt.tooLarge && size > 0) receipt.file = { bytes: Buffer.concat(chunks), name: filename };
    return "";
  };
  const handler = unstable_composeUploadHandlers(receiptHandler, unstable_createMemoryUploadHandler({ maxPartSize: 16 * 1024, filter: ({ filename }) => filename === undefined }));
  try {
    return { form: await unstable_parseMultipartFormData(request, handler), receipt };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw new Response("Bad Request", { status: 400, headers: PRIVATE_HEADERS });
    throw new Response("Bad Request", { status: 400, headers: PRIVATE_HEADERS });
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { participantId, assignmentId } = await requireClaimant(params);
  const { form, receipt } = await readClaimForm(request);
  const fields = formFields(form);
  if (fields.get("intent")?.[0] !== "claim") throw new Response("Bad request", { status: 400, headers: PRIVATE_HEADERS });
  const values = claimFormRaw(fields);
  const onFile = await getClaimForm(participantId, assignmentId, "et");
  if (!onFile) throw notClaimable();
  const parsed = parseClaimForm(fields, { ibanOnFile: onFile.iban !== null });
  const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
  // The receipt's type comes from its first bytes, never from its name or the browser's word.
  const receiptType = receipt.file ? sniffReceiptType(receipt.file.bytes) : null;
  if (receipt.tooLarge) errors.receipt = "claims.error.receiptTooLarge";
  else if (receipt.file && !receiptType) errors.receipt = "claims.error.receiptType";
  if (!parsed.ok || Object.keys(errors).length > 0) return json({ errors, values, refusal: null }, { status: 400, headers: PRIVATE_HEADERS });
  const saved = await saveClaim(participantId, assignmentId, {
    ...parsed.data,
    receipt: receipt.file && receiptType ? { bytes: receipt.file.bytes, type: receiptType } : null,
  });
  if (!saved.ok) {
    if (saved.code === "not_found") throw notClaimable();
    return json({ errors: {} as Record<string, string>, values, refusal: saved.code }, { status: saved.code === "locked" ? 409 : 400, headers: PRIVATE_HEADERS });
  }
  const url = new URL(request.url);
  const lng = url.searchParams.get("lng");
  return redirect(`/me/${params.token}/claims/${assignmentId}?done=saved${lng ? `&lng=${encodeURIComponent(lng)}` : ""}`, { headers: PRIVATE_HEADERS });
}

function rowsFrom(
  data: { claim: { lines: { kind: string; km: number | null; amountCents: number }[] } | null },
  raw: ClaimFormRaw | null,
  locale: Locale,
): { kind: string; amount: string; km: string }[] {
  // Amounts on file are written back the way the person's language writes them (12,50 in et, ru, uk); the form reads both.
  const decimal = (cents: number) => (locale === "en" ? (cents / 100).toFixed(2) : (cents / 100).toFixed(2).replace(".", ","));
  const rows = raw
    ? raw.line_kind.map((kind, i) => ({ kind, amount: raw.line_amount[i] ?? "", km: raw.line_km[i] ?? "" }))
    : (data.claim?.lines ?? []).map((l) => ({ kind: l.kind, amount: l.kind === "car" ? "" : decimal(l.amountCents), km: l.km ? String(l.km) : "" }));
  const wanted = Math.min(CLAIM_FORM_ROWS, Math.max(3, rows.filter((r) => r.kind || r.amount || r.km).length + 1));
  const kept = rows.filter((r) => r.kind || r.amount || r.km).slice(0, CLAIM_FORM_ROWS);
  while (kept.length < wanted) kept.push({ kind: "", amount: "", km: "" });
  return kept;
}

/** What the rows add up to as typed: tickets as written, kilometres at the rate. */
function liveTotal(form: HTMLFormElement, kmRateCents: number): number | null {
  const kinds = [...form.querySelectorAll<HTMLSelectElement>("select[name=line_kind]")];
  const amounts = [...form.querySelectorAll<HTMLInputElement>("input[name=line_amount]")];
  const kms = [...form.querySelectorAll<HTMLInputElement>("input[name=line_km]")];
  let total = 0;
  for (const [i, select] of kinds.entries()) {
    if (!select.value) continue;
    if (select.value === "car") {
      const km = Number(kms[i]?.value);
      if (Number.isFinite(km) && km > 0) total += Math.round(km * kmRateCents);
    } else {
      const euros = Number((amounts[i]?.value ?? "").replace(",", ".").replace(/[^\d.]/g, ""));
      if (Number.isFinite(euros) && euros > 0) total += Math.round(euros * 100);
    }
  }
  return total;
}

export default function ClaimPage() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const params = useParams();
  const location = useLocation();
  const { t } = useTranslation();
  const locale = useLocale();
  const [total, setTotal] = useState<number | null>(data.claim?.amountCents ?? null);
  const errors: Record<string, string> = answer?.errors ?? {};
  const claim = data.claim;
  const editable = !claim || claim.status === "submitted" || claim.status === "rejected";
  const rows = rowsFrom(data, answer?.values ?? null, locale);
  const rate = formatEuros(data.kmRateCents, locale);
  const maxMb = Math.round(data.maxBytes / (1024 * 1024));
  const lng = searchParams.get("lng");
  const receiptHref = claim ? `/me/${params.token}/receipts/${claim.id}` : null;

  return (
    <div className="participant-page claim-page">
      <p>
        <Link to={`/me/${params.token}${lng ? `?lng=${lng}` : ""}#claims`}>{t("claims.me.back")}</Link>
      </p>
      <h1>{t("claims.me.title")}</h1>
      <p className="lead">
        <strong>{data.eventTitle}</strong> · {formatLongDate(data.startsAt, locale)} · {data.townName}
      </p>
      {searchParams.get("done") === "saved" && !answer ? (
        <p className="notice" role="status">
          {t("claims.me.saved")}
        </p>
      ) : null}
      {answer?.refusal ? (
        <p className="form-error" role="alert">
          {t(`claims.me.refused.${answer.refusal}`)}
        </p>
      ) : null}

      {claim ? (
        <section className="claim-status narrow" aria-labelledby="claim-status-title">
          <h2 id="claim-status-title">{t("claims.me.statusTitle")}</h2>
          <p className={`claim-state claim-state-${claim.status}`}>
            <strong>{t(`claims.status.${claim.status}`)}</strong> · {formatEuros(claim.amountCents, locale)}
          </p>
          <p>{t(`claims.me.statusExplain.${claim.status}`)}</p>
          {claim.status === "rejected" && claim.rejectionReason ? (
            <p className="warning">
              {t("claims.me.rejectedBecause")} {claim.rejectionReason}
            </p>
          ) : null}
          <ul className="claim-lines">
            {claim.lines.map((line, i) => (
              <li key={i}>
                {t(`claims.kind.${line.kind}`)}
                {line.km ? ` · ${t("claims.kmValue", { km: line.km })}` : ""} · {formatEuros(line.amountCents, locale)}
              </li>
            ))}
          </ul>
          {data.maskedIban ? (
            <p>
              {t("claims.me.paidTo")} <span className="iban">{data.maskedIban}</span> ({data.accountHolder})
            </p>
          ) : null}
          {claim.receipt && receiptHref ? (
            <p>
              <a href={receiptHref}>{t("claims.me.receiptLink")}</a>
            </p>
          ) : null}
        </section>
      ) : null}

      {editable ? (
        <section aria-labelledby="claim-form-title">
          <h2 id="claim-form-title">{claim ? t("claims.me.changeTitle") : t("claims.me.formTitle")}</h2>
          {Object.keys(errors).length > 0 ? (
            <p className="form-error" role="alert">
              {t("claims.me.fixErrors")}
            </p>
          ) : null}
          {/* A new form after each save (the location changes), so the chosen file is not sent again; after an error the typed values stay. */}
          <Form
            key={location.key}
            method="post"
            encType="multipart/form-data"
            className="stack claim-form"
            noValidate
            onChange={(e) => setTotal(liveTotal(e.currentTarget, data.kmRateCents))}
          >
            <input type="hidden" name="intent" value="claim" />
            <fieldset className={`claim-rows${errors.lines ? " has-error" : ""}`} aria-describedby={`claim-rows-hint${errors.lines ? " claim-rows-error" : ""}`}>
              <legend>{t("claims.me.linesLegend")}</legend>
              <p id="claim-rows-hint" className="hint">
                {t("claims.me.linesHint", { rate })}
              </p>
              {rows.map((row, i) => (
                <div className="claim-row" key={i}>
                  <label>
                    <span>{t("claims.me.kind", { row: i + 1 })}</span>
                    <select name="line_kind" defaultValue={row.kind}>
                      <option value="">—</option>
                      {TRAVEL_LINE_KINDS.map((kind) => (
                        <option key={kind} value={kind}>
                          {t(`claims.kind.${kind}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    <span>{t("claims.me.amount")}</span>
                    <input name="line_amount" inputMode="decimal" defaultValue={row.amount} maxLength={12} className="short" />
                  </label>
                  <label>
                    <span>{t("claims.me.km")}</span>
                    <input name="line_km" inputMode="numeric" defaultValue={row.km} maxLength={5} className="short" />
                  </label>
                </div>
              ))}
              <FieldError id="claim-rows-error" error={errors.lines} />
              <p className="claim-total" aria-live="polite">
                {t("claims.me.total")} <strong>{formatEuros(total ?? 0, locale)}</strong>
              </p>
            </fieldset>

            <Field label={t("claims.me.receipt")} name="receipt" error={errors.receipt} hint={t("claims.me.receiptHint", { mb: maxMb })}>
              {(field) => <input {...field} type="file" name="receipt" accept="image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf" />}
            </Field>
            {claim?.receipt ? (
              <label className="checkbox">
                <input type="checkbox" name="remove_receipt" /> {t("claims.me.removeReceipt")}
              </label>
            ) : null}

            <div className="form-pair">
              <Field
                label={t("claims.me.iban")}
                name="iban"
                error={errors.iban}
                hint={data.maskedIban ? t("claims.me.ibanAgain", { iban: data.maskedIban }) : t("claims.me.ibanHint")}
              >
                {(field) => <input {...field} name="iban" defaultValue={answer?.values.iban ?? ""} maxLength={50} autoComplete="off" spellCheck={false} />}
              </Field>
              <Field label={t("claims.me.holder")} name="account_holder" error={errors.account_holder} hint={t("claims.me.holderHint")}>
                {(field) => <input {...field} name="account_holder" defaultValue={answer?.values.account_holder ?? data.accountHolder} maxLength={70} autoComplete="name" />}
              </Field>
            </div>
            <p>
              <button type="submit" disabled={navigation.state === "submitting"}>
                {claim ? t("claims.me.resubmit") : t("claims.me.submit")}
              </button>
            </p>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const params = useParams();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && error.status === 404 && (error.data as { notClaimable?: boolean } | null)?.notClaimable) {
    const lng = searchParams.get("lng");
    return (
      <div className="narrow">
        <h1>{t("claims.me.notClaimable.title")}</h1>
        <p>{t("claims.me.notClaimable.body")}</p>
        <p>
          <Link className="button" to={`/me/${params.token}${lng ? `?lng=${encodeURIComponent(lng)}` : ""}#claims`}>
            {t("claims.me.notClaimable.action")}
          </Link>
        </p>
      </div>
    );
  }
  return <UnknownLinkBoundary keys="participantLost.unknownLink" lostHref="/me/lost" />;
}
