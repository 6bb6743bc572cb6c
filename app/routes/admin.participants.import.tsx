import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { IMPORT_COLUMNS, validateImport, type ImportError } from "~/schemas/participantImport";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { listTownRefs } from "~/models/participant/formOptions.server";
import { importParticipants, listTakenEmails } from "~/models/participant/signup.server";
import { requireCoordinator } from "~/models/auth.server";
import { nowIso } from "~/utils/clock.server";
import { readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { translateMessage } from "~/utils/validationMessages";
import href from "~/styles/participants.css";

export const links = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

/** Enough for several thousand people; bigger files are almost certainly the wrong file. */
const MAX_BYTES = 2 * 1024 * 1024;
const MAX_IMPORT_ROWS = 5000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  return json({ title: pageTitle(t("participantImport.title")) });
}

type ImportOutcome = { imported: number | null; errors: ImportError[] };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const form = await readFormData(request);
  const file = form.get("file");
  const fail = (errors: ImportError[]) => json<ImportOutcome>({ imported: null, errors }, { status: 400 });
  if (!file || typeof file === "string" || file.size === 0) return fail([{ row: 0, field: "", message: "participantImport.error.noFile" }]);
  if (file.size > MAX_BYTES) return fail([{ row: 0, field: "", message: "participantImport.error.tooBig" }]);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return fail([{ row: 0, field: "", message: "participantImport.error.notUtf8" }]);
  }
  const report = validateImport(text, { towns: await listTownRefs(), takenEmails: await listTakenEmails(), now: nowIso(), maxRows: MAX_IMPORT_ROWS });
  if (!report.ok) return fail(report.errors);
  const stored = await importParticipants(report.rows, { kind: "user", userId: user.id });
  if (!stored.ok) return fail(stored.errors);
  return json<ImportOutcome>({ imported: stored.count, errors: [] });
}

const EXAMPLE = [IMPORT_COLUMNS.map((c) => c.name).join(","), IMPORT_COLUMNS.map((c) => (/[,;]/.test(c.example) ? `"${c.example}"` : c.example)).join(",")].join("\n");

export default function ImportParticipants() {
  const { t } = useTranslation();
  const outcome = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="participant-import">
      <p>
        <Link to="/admin/participants">{t("participantAdmin.back")}</Link>
      </p>
      <h1>{t("participantImport.title")}</h1>
      <p className="lead">{t("participantImport.lead")}</p>

      {outcome?.imported !== null && outcome?.imported !== undefined ? (
        <p className="notice" role="status">
          {t("participantImport.imported", { count: outcome.imported })} <Link to="/admin/participants">{t("participantImport.toDirectory")}</Link>
        </p>
      ) : null}
      {outcome && outcome.errors.length > 0 ? (
        <section className="import-report" aria-labelledby="report-title">
          <h2 id="report-title">{t("participantImport.reportTitle")}</h2>
          <p className="form-error" role="alert">
            {t("participantImport.nothingStored", { count: outcome.errors.length })}
          </p>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("participantImport.row")}</th>
                  <th scope="col">{t("participantImport.column")}</th>
                  <th scope="col">{t("participantImport.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {outcome.errors.map((e, i) => (
                  <tr key={i}>
                    <td>{e.row || "—"}</td>
                    <td>{e.field ? <code>{e.field}</code> : "—"}</td>
                    <td>{translateMessage(t, e.message)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <Form method="post" encType="multipart/form-data" className="stack narrow">
        <div className="field">
          <label htmlFor="import-file">{t("participantImport.file")}</label>
          <p className="hint" id="import-file-hint">
            {t("participantImport.fileHint")}
          </p>
          <input id="import-file" type="file" name="file" accept=".csv,text/csv" required aria-describedby="import-file-hint" />
        </div>
        <p>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("participantImport.submit")}
          </button>
        </p>
      </Form>

      <section aria-labelledby="columns-title">
        <h2 id="columns-title">{t("participantImport.columnsTitle")}</h2>
        <p>{t("participantImport.columnsLead")}</p>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("participantImport.column")}</th>
                <th scope="col">{t("participantImport.required")}</th>
                <th scope="col">{t("participantImport.meaning")}</th>
                <th scope="col">{t("participantImport.example")}</th>
              </tr>
            </thead>
            <tbody>
              {IMPORT_COLUMNS.map((c) => (
                <tr key={c.name}>
                  <td>
                    <code>{c.name}</code>
                  </td>
                  <td>{c.required ? t("participantImport.yes") : t("participantImport.no")}</td>
                  <td>{t(`participantImport.columns.${c.name}`)}</td>
                  <td>
                    <code>{c.example}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>{t("participantImport.exampleFile")}</h3>
        <pre className="csv-example">{EXAMPLE}</pre>
      </section>
    </div>
  );
}
