import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { Field } from "~/components/Field";
import { TRAVEL_SETTINGS_LIMITS } from "~/schemas/organisation";

type Settings = { kmRateCents: number; legalName: string | null; iban: string | null; bic: string | null };
type Answer = { travelErrors?: Record<string, string>; travelValues?: Record<string, string> | null; travelSaved?: boolean | null } | undefined;

/** An IBAN in groups of four, as people read it. */
function grouped(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, "$1 ");
}

/** /admin/settings: the rate per km by car and the organisation as the payer of SEPA transfers (issue 17). */
export function TravelSettingsSection({ settings, canEdit, pending, answer }: { settings: Settings; canEdit: boolean; pending: boolean; answer: Answer }) {
  const { t } = useTranslation();
  const errors = answer?.travelErrors ?? {};
  const saved = answer?.travelSaved ?? null;
  const current: Record<string, string> = {
    km_rate_cents: String(settings.kmRateCents),
    legal_name: settings.legalName ?? "",
    iban: settings.iban ? grouped(settings.iban) : "",
    bic: settings.bic ?? "",
  };
  const value = (name: string) => answer?.travelValues?.[name] ?? current[name];
  return (
    <section aria-labelledby="travel-settings-title" id="travel" className="organisation-settings">
      <h2 id="travel-settings-title">{t("claims.settings.title")}</h2>
      <p className="lead">{t("claims.settings.lead")}</p>
      {saved !== null ? (
        <p className="notice" role="status">
          {saved ? t("claims.settings.saved") : t("claims.settings.unchanged")}
        </p>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <p className="form-error" role="alert">
          {t("claims.settings.fixErrors")}
        </p>
      ) : null}
      {canEdit ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="travel" />
          <Field label={t("claims.settings.kmRate")} name="km_rate_cents" error={errors.km_rate_cents} hint={t("claims.settings.kmRateHint")}>
            {(field) => (
              <input
                {...field}
                name="km_rate_cents"
                inputMode="numeric"
                defaultValue={value("km_rate_cents")}
                min={TRAVEL_SETTINGS_LIMITS.kmRateMin}
                max={TRAVEL_SETTINGS_LIMITS.kmRateMax}
                className="short"
              />
            )}
          </Field>
          <Field label={t("claims.settings.legalName")} name="legal_name" error={errors.legal_name} hint={t("claims.settings.legalNameHint")}>
            {(field) => <input {...field} name="legal_name" defaultValue={value("legal_name")} maxLength={TRAVEL_SETTINGS_LIMITS.legalName} autoComplete="organization" />}
          </Field>
          <div className="form-pair">
            <Field label={t("claims.settings.iban")} name="iban" error={errors.iban} hint={t("claims.settings.ibanHint")}>
              {(field) => <input {...field} name="iban" defaultValue={value("iban")} maxLength={50} autoComplete="off" spellCheck={false} />}
            </Field>
            <Field label={t("claims.settings.bic")} name="bic" error={errors.bic} hint={t("claims.settings.bicHint")}>
              {(field) => <input {...field} name="bic" defaultValue={value("bic")} maxLength={20} autoComplete="off" spellCheck={false} />}
            </Field>
          </div>
          <p>
            <button type="submit" disabled={pending}>
              {t("claims.settings.save")}
            </button>
          </p>
        </Form>
      ) : (
        <>
          <dl className="organisation-contact">
            <div>
              <dt>{t("claims.settings.kmRate")}</dt>
              <dd>{t("claims.settings.kmRateValue", { cents: settings.kmRateCents })}</dd>
            </div>
            <div>
              <dt>{t("claims.settings.legalName")}</dt>
              <dd>{settings.legalName ?? t("claims.settings.notSet")}</dd>
            </div>
            <div>
              <dt>{t("claims.settings.iban")}</dt>
              <dd>{settings.iban ? grouped(settings.iban) : t("claims.settings.notSet")}</dd>
            </div>
            <div>
              <dt>{t("claims.settings.bic")}</dt>
              <dd>{settings.bic ?? t("claims.settings.notSet")}</dd>
            </div>
          </dl>
          <p className="hint">{t("claims.settings.adminOnly")}</p>
        </>
      )}
    </section>
  );
}
