import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { cancelMessage, listMessages, MESSAGE_KINDS, MESSAGE_STATES, retryMessage } from "~/models/outbox.server";
import { useLocale } from "~/utils/locale";
import { requireCoordinator } from "~/models/auth.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm, readFormData } from "~/utils/forms";
import { mailPolicy } from "~/utils/mailTransport.server";
import { trustedOrigin } from "~/utils/origin.server";
import { pageTitle } from "~/utils/pageTitle";
import { ID_PATTERN } from "~/utils/params";

import outboxStyles from "~/styles/outbox.css";
import scheduleStyles from "~/styles/schedule.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: scheduleStyles },
  { rel: "stylesheet", href: outboxStyles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

// Kept messages (development) show their text, private links included: never cache the page.
const NO_STORE = { "Cache-Control": "no-store" };

const id = z.string().regex(ID_PATTERN).transform(Number);
/** The filters of the address line; a value that is not one of them is ignored, never an error. */
const QUERY = {
  state: z.enum(MESSAGE_STATES),
  kind: z.enum(MESSAGE_KINDS),
  event: id,
  id,
  page: z
    .string()
    .regex(/^[1-9]\d{0,5}$/)
    .transform(Number),
};

function readQuery(url: URL) {
  const read = <S extends z.ZodTypeAny>(name: keyof typeof QUERY, schema: S): z.output<S> | null => {
    const parsed = schema.safeParse(url.searchParams.get(name) ?? undefined);
    return parsed.success ? parsed.data : null;
  };
  return { state: read("state", QUERY.state), kind: read("kind", QUERY.kind), eventId: read("event", QUERY.event), id: read("id", QUERY.id), page: read("page", QUERY.page) ?? 1 };
}

/** Whether messages are really sent; in development without SMTP_URL they are kept here instead. */
function keptHere(): boolean {
  try {
    return mailPolicy().smtpUrl === null;
  } catch {
    // A malformed setting: the server would not have started; say nothing rather than fail the page.
    return false;
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const t = await i18next.getFixedT((await i18next.getLocale(request)) as Locale);
  const filters = readQuery(new URL(request.url));
  let list = await listMessages(filters);
  // Past the last page (messages went since the link was made): show the last one.
  if (list.page > list.pages) list = await listMessages({ ...filters, page: list.pages });
  return json(
    // The lists of states and kinds come with the data: outbox.server.ts is not in the browser's bundle.
    {
      title: pageTitle(t("outbox.title")),
      filters: { ...filters, page: list.page },
      ...list,
      states: MESSAGE_STATES,
      kinds: MESSAGE_KINDS,
      kept: keptHere(),
      origin: trustedOrigin(),
    },
    { headers: NO_STORE },
  );
}

const ActionSchema = z.object({ intent: z.enum(["retry", "cancel"]), id });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const parsed = parseForm(ActionSchema, await readFormData(request));
  if (!parsed.ok) return json({ ok: false, message: "outbox.refused.invalid" }, { status: 400, headers: NO_STORE });
  const { intent, id: messageId } = parsed.data;
  const result = intent === "retry" ? await retryMessage(messageId, user.id) : await cancelMessage(messageId, user.id);
  if (!result.ok) return json({ ok: false, message: `outbox.refused.${result.code}` }, { status: result.code === "not_found" ? 400 : 409, headers: NO_STORE });
  return json({ ok: true, message: intent === "retry" ? "outbox.done.retried" : "outbox.done.cancelled" }, { headers: NO_STORE });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Message = Data["messages"][number];

/** The address line for these filters (and page), without the ones left empty. */
function query(filters: { state?: string | null; kind?: string | null; eventId?: number | null; id?: number | null; page?: number }): string {
  const params = new URLSearchParams();
  if (filters.state) params.set("state", filters.state);
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.eventId) params.set("event", String(filters.eventId));
  if (filters.id) params.set("id", String(filters.id));
  if (filters.page && filters.page > 1) params.set("page", String(filters.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** A kept message's text with the app's own links clickable, so a developer can follow them. */
function withLinks(text: string, origin: string): ReactNode[] {
  return text.split(/(https?:\/\/[^\s<>"]+)/).map((part, index) =>
    index % 2 === 1 && (part === origin || part.startsWith(`${origin}/`) || part.startsWith(`${origin}?`)) ? (
      <a key={index} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

export default function Outbox() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const locale = useLocale();
  const pending = navigation.state === "submitting";
  const { filters } = data;
  const total = Object.values(data.counts).reduce((sum, n) => sum + (n ?? 0), 0);
  const at = (iso: string) => formatDateTime(iso, locale);

  const stateCell = (m: Message) => (
    <>
      <span className={`tag outbox-state outbox-state-${m.state}`}>{t(`outbox.state.${m.state}`)}</span>
      {m.tries > 0 ? <span className="muted"> · {t("outbox.tries", { count: m.tries })}</span> : null}
      {m.sentAt && m.state === "sent" ? <span className="outbox-line muted">{t("outbox.sentAt", { at: at(m.sentAt) })}</span> : null}
      {m.sentAt && m.state === "kept" ? <span className="outbox-line muted">{t("outbox.keptAt", { at: at(m.sentAt) })}</span> : null}
      {m.state === "pending" && m.tries > 0 ? <span className="outbox-line muted">{t("outbox.nextTry", { at: at(m.nextAttemptAt) })}</span> : null}
      {m.lastError ? <span className="outbox-line outbox-error">{t("outbox.lastError", { error: m.lastError })}</span> : null}
    </>
  );

  return (
    <div className="outbox">
      <h1>{t("outbox.title")}</h1>
      <p className="lead">{t("outbox.lead")}</p>
      {data.kept ? (
        <div className="warning outbox-banner" role="note">
          <p>
            <strong>{t("outbox.devBanner")}</strong> {t("outbox.devHint")}
          </p>
        </div>
      ) : null}
      {actionData?.message ? (
        <p className={actionData.ok ? "notice" : "form-error"} role={actionData.ok ? "status" : "alert"}>
          {t(actionData.message)}
        </p>
      ) : null}

      <nav aria-label={t("outbox.countsLabel")}>
        <ul className="outbox-counts">
          <li>
            <Link to={query({ kind: filters.kind })} aria-current={!filters.state ? "true" : undefined}>
              {t("outbox.all")} <span className="outbox-count">{total}</span>
            </Link>
          </li>
          {data.states
            .filter((state) => data.counts[state])
            .map((state) => (
              <li key={state}>
                <Link to={query({ state, kind: filters.kind })} aria-current={filters.state === state ? "true" : undefined} className={`outbox-counts-${state}`}>
                  {state === "kept" ? t("outbox.keptShort") : t(`outbox.state.${state}`)} <span className="outbox-count">{data.counts[state]}</span>
                </Link>
              </li>
            ))}
        </ul>
      </nav>

      <Form method="get" className="filters">
        <label>
          {t("outbox.filter.state")}
          <select name="state" defaultValue={filters.state ?? ""}>
            <option value="">{t("outbox.filter.any")}</option>
            {data.states.map((state) => (
              <option key={state} value={state}>
                {t(`outbox.state.${state}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("outbox.filter.kind")}
          <select name="kind" defaultValue={filters.kind ?? ""}>
            <option value="">{t("outbox.filter.any")}</option>
            {data.kinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`outbox.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        {filters.eventId ? <input type="hidden" name="event" value={filters.eventId} /> : null}
        <button type="submit" className="secondary">
          {t("outbox.filter.show")}
        </button>
      </Form>
      {filters.eventId || filters.id ? (
        <p>
          {filters.id ? t("outbox.filter.one", { id: filters.id }) : t("outbox.filter.event", { id: filters.eventId })} <Link to="/admin/outbox">{t("outbox.filter.clear")}</Link>
        </p>
      ) : null}

      {data.messages.length === 0 ? <p className="empty">{t("outbox.empty")}</p> : null}
      {data.messages.length > 0 ? (
        <table className="outbox-table">
          <thead>
            <tr>
              <th scope="col">{t("outbox.col.message")}</th>
              <th scope="col">{t("outbox.col.to")}</th>
              <th scope="col">{t("outbox.col.state")}</th>
              <th scope="col">{t("outbox.col.created")}</th>
              <th scope="col">{t("outbox.col.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {data.messages.map((m) => (
              <tr key={m.id} id={`message-${m.id}`}>
                <td data-label={t("outbox.col.message")}>
                  <strong>{t(`outbox.kind.${m.kind}`, { defaultValue: m.kind })}</strong>
                  {m.urgent ? <span className="tag outbox-urgent">{t("outbox.urgent")}</span> : null}
                  {m.subject ? <span className="outbox-line outbox-subject">{m.subject}</span> : null}
                  {m.withCalendar || m.eventId ? (
                    <span className="outbox-line muted">
                      {m.withCalendar ? t(`outbox.calendar.${m.withCalendar}`) : null}
                      {m.withCalendar && m.eventId ? " · " : null}
                      {m.eventId ? <Link to={`/admin/events/${m.eventId}`}>{t("outbox.openEvent")}</Link> : null}
                    </span>
                  ) : null}
                  {m.body ? (
                    <details className="outbox-read">
                      <summary>{t("outbox.read")}</summary>
                      <pre className="outbox-body">{withLinks(m.body, data.origin)}</pre>
                    </details>
                  ) : null}
                </td>
                <td data-label={t("outbox.col.to")}>
                  <span className="outbox-address">{m.to ?? t("outbox.noAddress")}</span>
                  <span className="outbox-line muted">
                    {t(`outbox.recipient.${m.recipientKind}`)} · {t(`outbox.locale.${m.locale}`, { defaultValue: m.locale })}
                  </span>
                </td>
                <td data-label={t("outbox.col.state")}>{stateCell(m)}</td>
                <td data-label={t("outbox.col.created")}>
                  <time dateTime={m.createdAt}>{at(m.createdAt)}</time>
                </td>
                <td data-label={t("outbox.col.actions")} className="outbox-actions">
                  {m.state === "failed" || m.state === "cancelled" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="retry" />
                      <input type="hidden" name="id" value={m.id} />
                      <button type="submit" className="secondary" disabled={pending} aria-label={t("outbox.retryLabel", { id: m.id })}>
                        {t("outbox.retry")}
                      </button>
                    </Form>
                  ) : null}
                  {m.state === "pending" || m.state === "failed" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="cancel" />
                      <input type="hidden" name="id" value={m.id} />
                      <button type="submit" className="secondary danger-text" disabled={pending} aria-label={t("outbox.cancelLabel", { id: m.id })}>
                        {t("outbox.cancel")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {data.pages > 1 ? (
        <nav className="outbox-paging" aria-label={t("outbox.paging")}>
          {data.page > 1 ? <Link to={query({ ...filters, page: data.page - 1 })}>{t("outbox.newer")}</Link> : null}
          <span>{t("outbox.page", { page: data.page, pages: data.pages })}</span>
          {data.page < data.pages ? <Link to={query({ ...filters, page: data.page + 1 })}>{t("outbox.older")}</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
