import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { GENDERS, TRAVEL_CHOICES, WEEKDAYS_MONDAY_FIRST } from "~/domain/participants/consent";
import { LANGUAGE_LEVELS, LOCALES, OFFERS, TIMES_OF_DAY } from "~/domain/vocabulary";
import { LOCALE_NAMES } from "~/i18n/config";
import { MONTHLY_CAP_LIMITS, type ParticipantValues } from "~/schemas/participant";
import { translateMessage } from "~/utils/validationMessages";

import { Field } from "./Field";
import { Honeypot } from "./Honeypot";

export type TownChoices = { code: string; name: string; towns: { slug: string; name: string }[] }[];
export type NamedCode = { code: string; name: string };
/** A language as the form offers it; `common` ones are the quick choices, the rest are typed with suggestions. */
export type NamedLanguage = NamedCode & { common?: boolean };

/** The first error for a field or anything inside it ("languages" covers "languages.1.level"). */
export function errorFor(errors: Record<string, string>, name: string): string | undefined {
  if (errors[name]) return errors[name];
  const key = Object.keys(errors).find((k) => k.startsWith(`${name}.`));
  return key ? errors[key] : undefined;
}

/** "45 min", "2 h", "1 h 30 min" in the reader's language. */
export function useDuration() {
  const { t } = useTranslation();
  return (minutes: number) => {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (h === 0) return t("participantForm.duration.minutes", { m });
    if (m === 0) return t("participantForm.duration.hours", { h });
    return t("participantForm.duration.hoursMinutes", { h, m });
  };
}

/**
 * Who a participant's details are written for: the participant themselves ("Days you can go") or a
 * coordinator looking at them ("Days they can go").
 */
export type Voice = "self" | "coordinator";

/** The fields whose label speaks to the participant, and so has a coordinator's wording too. */
type VoicedField = "homeTown" | "weekdays" | "timesOfDay" | "unavailableDates";

/** A field's label in the chosen voice. */
export function useFieldLabel(voice: Voice) {
  const { t } = useTranslation();
  return (field: VoicedField) => t(voice === "coordinator" ? `adminpages.aboutThem.${field}` : `participantForm.${field}`);
}

function FieldsetError({ id, error }: { id: string; error?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {translateMessage(t, error)}
    </p>
  );
}

function LevelSelect({ id, n, value, invalid }: { id: string; n: number; value: string; invalid: boolean }) {
  const { t } = useTranslation();
  return (
    <div>
      <label htmlFor={id} className="visually-hidden">
        {t("participantForm.levelN", { n })}
      </label>
      <select id={id} name="lang_level" defaultValue={value} aria-invalid={invalid ? true : undefined}>
        <option value="">{t("participantForm.chooseLevel")}</option>
        {LANGUAGE_LEVELS.map((level) => (
          <option key={level} value={level}>
            {t(`participantForm.level.${level}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

type LanguageRow = { code: string; text: string; level: string; index: number | null };

/**
 * The language rows to show: quick choices in selects (at least three rows, some empty), then every
 * other language in a text row by its name (with one empty row, and more added with JavaScript).
 * `index` is the row's place in what was sent, which is how its errors are keyed.
 */
export function splitLanguageRows(sent: { code: string; level: string }[], languages: NamedLanguage[], extra: number): { quick: LanguageRow[]; other: LanguageRow[] } {
  const common = new Set(languages.filter((l) => l.common).map((l) => l.code));
  const names = new Map(languages.map((l) => [l.code, l.name]));
  const quick: LanguageRow[] = [];
  const other: LanguageRow[] = [];
  sent.forEach((row, index) => {
    const code = row.code.trim().toLowerCase();
    if (code === "" || common.has(code)) quick.push({ code, text: "", level: row.level, index });
    // A known code shows its name; what was typed and refused is shown as typed.
    else other.push({ code, text: names.get(code) ?? row.code, level: row.level, index });
  });
  const empty = (): LanguageRow => ({ code: "", text: "", level: "", index: null });
  for (let i = quick.length; i < 3; i++) quick.push(empty());
  for (let i = 0; i < 1 + extra; i++) other.push(empty());
  return { quick, other };
}

/** Suggestions for the typed languages: each name once (CLDR names "ak" and "tw" both Akan). */
function uniqueNames(languages: NamedLanguage[]): string[] {
  return [...new Set(languages.map((l) => l.name))];
}

/**
 * Everything a participant tells us, for signing up (with consent) and for editing through the
 * private link. Works without JavaScript; with it, more language rows and dates can be added.
 */
export function ParticipantForm({
  mode,
  values,
  errors,
  towns,
  languages,
  countries,
  submitLabel,
  pending,
  voice = "self",
}: {
  mode: "join" | "edit";
  values: ParticipantValues;
  errors: Record<string, string>;
  towns: TownChoices;
  languages: NamedLanguage[];
  countries: NamedCode[];
  submitLabel: string;
  pending?: boolean;
  /** Whose words the labels are in; the participant's own pages speak to them. */
  voice?: Voice;
}) {
  const { t } = useTranslation();
  const label = useFieldLabel(voice);
  const duration = useDuration();
  const [extraLanguages, setExtraLanguages] = useState(0);
  const [extraDates, setExtraDates] = useState(0);
  // "Add another" needs JavaScript; without it the form always has a couple of empty rows.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  const languageRows = splitLanguageRows(values.languages ?? [], languages, extraLanguages);
  const suggestions = uniqueNames(languages);
  const dateRows = [...(values.unavailable_dates ?? []), ...Array.from({ length: 2 + extraDates }, () => "")];
  const offerDescription = (offer: string) => values.offers?.find((o) => o.offer === offer)?.description ?? "";
  const hasOffer = (offer: string) => values.offers?.some((o) => o.offer === offer) ?? false;
  const travel = values.max_travel_minutes ?? "";
  const travelChoices: number[] = [...TRAVEL_CHOICES];
  if (travel && /^\d+$/.test(travel) && !travelChoices.includes(Number(travel))) travelChoices.push(Number(travel));
  travelChoices.sort((a, b) => a - b);
  const capChoices = Array.from({ length: 8 }, (_, i) => i + MONTHLY_CAP_LIMITS.min);
  const cap = values.monthly_cap || "2";
  if (!capChoices.includes(Number(cap)) && /^\d+$/.test(cap)) capChoices.push(Number(cap));

  return (
    <Form method="post" className="stack participant-form" noValidate>
      <input type="hidden" name="intent" value={mode === "join" ? "join" : "profile"} />
      {/* Only the public sign-up is open to bots; the private page is reached by its link. */}
      {mode === "join" ? <Honeypot /> : null}

      <fieldset>
        <legend>{t("participantForm.section.you")}</legend>
        <div className="form-pair">
          <Field label={t("participantForm.firstName")} name="first_name" error={errors.first_name}>
            {(props) => <input {...props} name="first_name" defaultValue={values.first_name ?? ""} autoComplete="given-name" maxLength={80} required />}
          </Field>
          <Field label={t("participantForm.lastName")} name="last_name" error={errors.last_name} hint={t("participantForm.optional")}>
            {(props) => <input {...props} name="last_name" defaultValue={values.last_name ?? ""} autoComplete="family-name" maxLength={80} />}
          </Field>
        </div>
        <Field label={label("homeTown")} name="home_town" error={errors.home_town} hint={t("participantForm.homeTownHint")}>
          {(props) => (
            <select {...props} name="home_town" defaultValue={values.home_town ?? ""} required>
              <option value="">{t("participantForm.chooseTown")}</option>
              {towns.map((region) => (
                <optgroup key={region.code} label={region.name}>
                  {region.towns.map((town) => (
                    <option key={town.slug} value={town.slug}>
                      {town.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("participantForm.preferredLocale")} name="preferred_locale" error={errors.preferred_locale} hint={t("participantForm.preferredLocaleHint")}>
          {(props) => (
            <select {...props} name="preferred_locale" defaultValue={values.preferred_locale ?? "et"}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t("participantForm.section.contact")}</legend>
        <p className="hint">{t("participantForm.contactHint")}</p>
        <Field label={t("participantForm.email")} name="email" error={errors.email}>
          {(props) => <input {...props} name="email" type="email" defaultValue={values.email ?? ""} autoComplete="email" maxLength={254} />}
        </Field>
        <Field label={t("participantForm.phone")} name="phone" error={errors.phone}>
          {(props) => <input {...props} name="phone" type="tel" defaultValue={values.phone ?? ""} autoComplete="tel" maxLength={30} />}
        </Field>
      </fieldset>

      <fieldset aria-describedby={errorFor(errors, "languages") ? "languages-error" : undefined}>
        <legend>{t("participantForm.section.languages")}</legend>
        <p className="hint">{t("participantForm.languagesHint")}</p>
        <FieldsetError id="languages-error" error={errorFor(errors, "languages")} />
        <div className="language-rows">
          {languageRows.quick.map((row, i) => (
            <div key={i} className="language-row">
              <div>
                <label htmlFor={`lang-code-${i}`} className="visually-hidden">
                  {t("participantForm.languageN", { n: i + 1 })}
                </label>
                <select id={`lang-code-${i}`} name="lang_code" defaultValue={row.code} aria-invalid={row.index !== null && errors[`languages.${row.index}.code`] ? true : undefined}>
                  <option value="">{t("participantForm.chooseLanguage")}</option>
                  {languages
                    .filter((l) => l.common)
                    .map((l) => (
                      <option key={l.code} value={l.code}>
                        {l.name}
                      </option>
                    ))}
                </select>
              </div>
              <LevelSelect id={`lang-level-${i}`} n={i + 1} value={row.level} invalid={row.index !== null && Boolean(errors[`languages.${row.index}.level`])} />
            </div>
          ))}
        </div>
        {/* Any other ISO 639-1 language: typed, with every language's name in the reader's language as suggestions (no script needed). */}
        <div className="other-languages">
          <p id="other-languages-hint" className="hint">
            {t("forms.otherLanguage.hint")}
          </p>
          <div className="language-rows">
            {languageRows.other.map((row, j) => {
              const n = languageRows.quick.length + j + 1;
              return (
                <div key={j} className="language-row">
                  <div>
                    <label htmlFor={`lang-code-${n - 1}`} className="visually-hidden">
                      {t("participantForm.languageN", { n })}
                    </label>
                    <input
                      id={`lang-code-${n - 1}`}
                      name="lang_code"
                      list="all-languages"
                      defaultValue={row.text}
                      placeholder={t("forms.otherLanguage.placeholder")}
                      autoComplete="off"
                      maxLength={60}
                      aria-describedby="other-languages-hint"
                      aria-invalid={row.index !== null && errors[`languages.${row.index}.code`] ? true : undefined}
                    />
                  </div>
                  <LevelSelect id={`lang-level-${n - 1}`} n={n} value={row.level} invalid={row.index !== null && Boolean(errors[`languages.${row.index}.level`])} />
                </div>
              );
            })}
          </div>
          <datalist id="all-languages">
            {suggestions.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
        {hydrated ? (
          <button type="button" className="secondary small" onClick={() => setExtraLanguages((n) => n + 1)}>
            {t("participantForm.addLanguage")}
          </button>
        ) : null}
      </fieldset>

      <fieldset aria-describedby={errorFor(errors, "offers") ? "offers-error" : undefined}>
        <legend>{t("participantForm.section.offers")}</legend>
        <p className="hint">{t("participantForm.offersHint")}</p>
        <FieldsetError id="offers-error" error={errorFor(errors, "offers")} />
        <ul className="offer-choices">
          {OFFERS.map((offer) => (
            <li key={offer}>
              <label className="check">
                <input type="checkbox" name="offers" value={offer} defaultChecked={hasOffer(offer)} />
                <span>
                  <strong>{t(`offer.${offer}`)}</strong> <span className="hint">{t(`participantForm.offerHint.${offer}`)}</span>
                </span>
              </label>
              <label className="offer-description">
                <span className="visually-hidden">{t("participantForm.offerDescription", { offer: t(`offer.${offer}`) })}</span>
                <input name={`offer_description_${offer}`} defaultValue={offerDescription(offer) ?? ""} maxLength={300} placeholder={t("participantForm.offerDescriptionPlaceholder")} />
              </label>
            </li>
          ))}
        </ul>
      </fieldset>

      <fieldset>
        <legend>{t("participantForm.section.travel")}</legend>
        <div className="form-pair">
          <Field label={t("participantForm.maxTravel")} name="max_travel_minutes" error={errors.max_travel_minutes} hint={t("participantForm.maxTravelHint")}>
            {(props) => (
              <select {...props} name="max_travel_minutes" defaultValue={travel || "180"}>
                {travelChoices.map((m) => (
                  <option key={m} value={m}>
                    {duration(m)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("participantForm.monthlyCap")} name="monthly_cap" error={errors.monthly_cap} hint={t("participantForm.monthlyCapHint")}>
            {(props) => (
              <select {...props} name="monthly_cap" defaultValue={cap}>
                {capChoices.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset className="inner" aria-describedby={errors.weekdays ? "weekdays-error" : undefined}>
          <legend>{label("weekdays")}</legend>
          <FieldsetError id="weekdays-error" error={errorFor(errors, "weekdays")} />
          <div className="check-row">
            {WEEKDAYS_MONDAY_FIRST.map((d) => (
              <label key={d} className="check pill">
                <input type="checkbox" name="weekdays" value={d} defaultChecked={values.weekdays?.includes(String(d))} />
                <span>{t(`participantForm.weekday.${d}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="inner" aria-describedby={errors.times_of_day ? "times-error" : undefined}>
          <legend>{label("timesOfDay")}</legend>
          <FieldsetError id="times-error" error={errorFor(errors, "times_of_day")} />
          <div className="check-row">
            {TIMES_OF_DAY.map((time) => (
              <label key={time} className="check pill">
                <input type="checkbox" name="times_of_day" value={time} defaultChecked={values.times_of_day?.includes(time)} />
                <span>{t(`participantForm.timeOfDay.${time}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="inner" aria-describedby={errorFor(errors, "unavailable_dates") ? "dates-error" : undefined}>
          <legend>{label("unavailableDates")}</legend>
          <p className="hint">{t("participantForm.unavailableDatesHint")}</p>
          <FieldsetError id="dates-error" error={errorFor(errors, "unavailable_dates")} />
          <div className="date-rows">
            {dateRows.map((date, i) => (
              <div key={`${i}-${date}`}>
                <label htmlFor={`unavailable-${i}`} className="visually-hidden">
                  {t("participantForm.unavailableDateN", { n: i + 1 })}
                </label>
                <input id={`unavailable-${i}`} type="date" name="unavailable_dates" defaultValue={date} />
              </div>
            ))}
          </div>
          {hydrated ? (
            <button type="button" className="secondary small" onClick={() => setExtraDates((n) => n + 1)}>
              {t("participantForm.addDate")}
            </button>
          ) : null}
        </fieldset>
      </fieldset>

      <fieldset>
        <legend>{t("participantForm.section.needs")}</legend>
        <label className="check">
          <input type="checkbox" name="needs_childcare" value="on" defaultChecked={values.needs_childcare} />
          <span>{t("participantForm.needsChildcare")}</span>
        </label>
        <label className="check">
          <input type="checkbox" name="needs_step_free" value="on" defaultChecked={values.needs_step_free} />
          <span>{t("participantForm.needsStepFree")}</span>
        </label>
        <Field label={t("participantForm.dietary")} name="dietary" error={errors.dietary} hint={t("participantForm.dietaryHint")}>
          {(props) => <input {...props} name="dietary" defaultValue={values.dietary ?? ""} maxLength={200} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t("participantForm.section.diversity")}</legend>
        <p className="hint">{t("participantForm.diversityHint")}</p>
        <div className="form-pair">
          <Field label={t("participantForm.countryOfOrigin")} name="country_of_origin" error={errors.country_of_origin}>
            {(props) => (
              <select {...props} name="country_of_origin" defaultValue={values.country_of_origin ?? ""}>
                <option value="">{t("participantForm.preferNotToSay")}</option>
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("participantForm.gender")} name="gender" error={errors.gender}>
            {(props) => (
              <select {...props} name="gender" defaultValue={values.gender ?? ""}>
                <option value="">{t("participantForm.preferNotToSay")}</option>
                {GENDERS.map((g) => (
                  <option key={g} value={g}>
                    {t(`participantForm.genderOption.${g}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("privacy.showFirstName.legend")}</legend>
        <label className="check">
          <input type="checkbox" name="show_first_name" value="on" defaultChecked={values.show_first_name ?? false} aria-describedby="show-first-name-hint" />
          <span>{t("privacy.showFirstName.label")}</span>
        </label>
        <p id="show-first-name-hint" className="hint">
          {t("privacy.showFirstName.hint")}
        </p>
      </fieldset>

      {mode === "join" ? (
        <fieldset className="consent">
          <legend>{t("participantForm.section.consent")}</legend>
          <p>{t("participantForm.consentText")}</p>
          <label className="check">
            <input type="checkbox" name="consent" value="yes" aria-describedby={errors.consent ? "consent-error" : undefined} aria-invalid={errors.consent ? true : undefined} />
            <span>{t("participantForm.consentAgree")}</span>
          </label>
          <FieldsetError id="consent-error" error={errors.consent} />
        </fieldset>
      ) : null}

      <p>
        <button type="submit" disabled={pending}>
          {submitLabel}
        </button>
      </p>
    </Form>
  );
}
