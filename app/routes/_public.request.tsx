import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { Field } from "~/components/Field";
import { RequestChoiceGroup } from "~/components/RequestChoiceGroup";
import { Honeypot } from "~/components/Honeypot";
import { TownSelect } from "~/components/TownSelect";
import { localDateOf } from "~/domain/schedule";
import { EVENT_KINDS, TIMES_OF_DAY, WEEKDAYS_MONDAY_FIRST, type Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { createEventRequest } from "~/models/request/host.server";
import { listTownIds, listTownsByRegion, listVenues } from "~/models/town.server";
import { createRequestSchema, NEW_VENUE, REQUEST_ARRAY_FIELDS, REQUEST_LANGUAGES, REQUEST_WISHES, type RequestSchemaContext } from "~/schemas/request";
import { now } from "~/utils/clock.server";
import { parseForm, readFormData, submittedValues, type FieldErrors } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { guardPublicForm } from "~/utils/publicForm.server";

import requestsHref from "~/styles/requests.css";

export const links = () => [{ rel: "stylesheet", href: requestsHref }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const [regions, venues] = await Promise.all([listTownsByRegion(locale), listVenues()]);
  return json({ title: pageTitle(t("requestForm.title")), regions, venues, today: localDateOf(now()) });
}

type FormValues = Record<string, string | string[]>;

export async function action({ request, context }: ActionFunctionArgs) {
  const locale = (await i18next.getLocale(request)) as Locale;
  const formData = await readFormData(request);
  // Bots that fill the hidden field are shown the way out, with nothing stored.
  if ((await guardPublicForm("request", formData, context)).isBot) return redirect("/");
  const [townIds, venues] = await Promise.all([listTownIds(), listVenues()]);
  const schema = createRequestSchema({ today: localDateOf(now()), townIds, venueTowns: new Map(venues.map((v) => [v.id, v.townId])) });
  const parsed = parseForm(schema, formData, REQUEST_ARRAY_FIELDS);
  if (!parsed.ok) return json({ errors: parsed.errors, values: submittedValues(formData, REQUEST_ARRAY_FIELDS) }, { status: 400 });
  const { token } = await createEventRequest(parsed.data, locale);
  return redirect(`/request/status/${token}?created=1`);
}

export default function RequestEvent() {
  const { regions, venues, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);

  const values: FormValues = actionData?.values ?? {};
  const one = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : "");
  const many = (key: string) => (Array.isArray(values[key]) ? (values[key] as string[]) : []);

  // The browser checks with the very schema the server uses, so most mistakes show at once.
  const context = useMemo<RequestSchemaContext>(
    () => ({
      today,
      townIds: new Set(regions.flatMap((r) => r.towns.map((town) => town.id))),
      venueTowns: new Map(venues.map((v) => [v.id, v.townId])),
    }),
    [regions, venues, today],
  );
  // The browser's own findings hold until the server answers again. They remember which answer
  // they came after instead of being cleared by an effect: a submit pressed while the page was
  // hydrating ran before the mount effects, which then wiped its errors (seen in CI).
  const [clientCheck, setClientCheck] = useState<{ errors: FieldErrors; after: typeof actionData } | null>(null);
  const clientErrors = clientCheck && clientCheck.after === actionData ? clientCheck.errors : null;
  const errors: FieldErrors = clientErrors ?? actionData?.errors ?? {};

  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [townId, setTownId] = useState(one("townId"));
  const [venue, setVenue] = useState(one("venue") || NEW_VENUE);
  const townVenues = venues.filter((v) => String(v.townId) === townId);
  // With JS the place list follows the town; a place of another town no longer fits.
  useEffect(() => {
    if (hydrated && venue !== NEW_VENUE && !townVenues.some((v) => String(v.id) === venue)) setVenue(NEW_VENUE);
  }, [hydrated, townId, venue, townVenues]);

  const townNames = new Map(regions.flatMap((r) => r.towns.map((town) => [town.id, town.name] as const)));
  const venuesByTown = new Map<number, typeof venues>();
  for (const v of venues) venuesByTown.set(v.townId, [...(venuesByTown.get(v.townId) ?? []), v]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    const result = parseForm(createRequestSchema(context), new FormData(event.currentTarget), REQUEST_ARRAY_FIELDS);
    if (result.ok) {
      setClientCheck(null);
      return;
    }
    event.preventDefault();
    setClientCheck({ errors: result.errors, after: actionData });
  }

  // Take the reader to the first problem, whichever side found it.
  useEffect(() => {
    const first = Object.keys(errors)[0];
    if (first) formRef.current?.querySelector<HTMLElement>(`#field-${first}`)?.focus();
  }, [errors]);

  const hasErrors = Object.keys(errors).length > 0;
  const showNewVenue = !hydrated || venue === NEW_VENUE;

  return (
    <div className="request-page">
      <h1>{t("requestForm.title")}</h1>
      <p className="lead">{t("requestForm.lead")}</p>
      <p className="hint">
        {t("hostLost.already")} <Link to="/request/lost">{t("hostLost.getAgain")}</Link>
      </p>
      {hasErrors ? <p className="form-error">{t("requestForm.checkErrors")}</p> : null}
      <Form method="post" className="stack request-form" noValidate ref={formRef} onSubmit={onSubmit}>
        <Honeypot />
        <section className="request-section" aria-labelledby="request-who">
          <h2 id="request-who">{t("requestForm.who")}</h2>
          <Field label={t("requestForm.organisation")} name="organisation" error={errors.organisation}>
            {(props) => <input {...props} name="organisation" defaultValue={one("organisation")} autoComplete="organization" required />}
          </Field>
          <Field label={t("requestForm.contactName")} name="contactName" error={errors.contactName}>
            {(props) => <input {...props} name="contactName" defaultValue={one("contactName")} autoComplete="name" required />}
          </Field>
          <div className="request-row">
            <Field label={t("requestForm.email")} name="email" error={errors.email}>
              {(props) => <input {...props} name="email" type="email" defaultValue={one("email")} autoComplete="email" required />}
            </Field>
            <Field label={t("requestForm.phone")} name="phone" error={errors.phone}>
              {(props) => <input {...props} name="phone" type="tel" defaultValue={one("phone")} autoComplete="tel" />}
            </Field>
          </div>
        </section>

        <section className="request-section" aria-labelledby="request-where">
          <h2 id="request-where">{t("requestForm.where")}</h2>
          <Field label={t("requestForm.town")} name="townId" error={errors.townId}>
            {(props) => <TownSelect regions={regions} name="townId" value={townId} onChange={setTownId} placeholder={t("requestForm.townChoose")} controlProps={props} />}
          </Field>
          <Field label={t("requestForm.venue")} name="venue" error={errors.venue} hint={t("requestForm.venueHint")}>
            {(props) => (
              <select {...props} name="venue" value={venue} onChange={(e) => setVenue(e.target.value)}>
                <option value={NEW_VENUE}>{t("requestForm.venueNew")}</option>
                {hydrated
                  ? townVenues.map((v) => (
                      <option key={v.id} value={v.id}>
                        {v.name}
                        {v.address ? `, ${v.address}` : ""}
                      </option>
                    ))
                  : [...venuesByTown].map(([id, list]) => (
                      <optgroup key={id} label={townNames.get(id) ?? ""}>
                        {list.map((v) => (
                          <option key={v.id} value={v.id}>
                            {v.name}
                            {v.address ? `, ${v.address}` : ""}
                          </option>
                        ))}
                      </optgroup>
                    ))}
              </select>
            )}
          </Field>
          {showNewVenue ? (
            <fieldset className="request-new-venue">
              <legend>{t("requestForm.newVenue")}</legend>
              {!hydrated ? <p className="hint">{t("requestForm.newVenueHint")}</p> : null}
              <div className="request-row">
                <Field label={t("requestForm.venueName")} name="venueName" error={errors.venueName}>
                  {(props) => <input {...props} name="venueName" defaultValue={one("venueName")} />}
                </Field>
                <Field label={t("requestForm.venueAddress")} name="venueAddress" error={errors.venueAddress}>
                  {(props) => <input {...props} name="venueAddress" defaultValue={one("venueAddress")} autoComplete="street-address" />}
                </Field>
              </div>
              <Field label={t("requestForm.venueCapacity")} name="venueCapacity" error={errors.venueCapacity}>
                {(props) => <input {...props} name="venueCapacity" type="number" min={1} inputMode="numeric" defaultValue={one("venueCapacity")} className="short" />}
              </Field>
              <div className="choices">
                <label className="choice">
                  <input type="checkbox" name="venueStepFree" defaultChecked={one("venueStepFree") === "on"} />
                  <span>{t("requestForm.venueStepFree")}</span>
                </label>
                <label className="choice">
                  <input type="checkbox" name="venueChildFriendly" defaultChecked={one("venueChildFriendly") === "on"} />
                  <span>{t("requestForm.venueChildFriendly")}</span>
                </label>
              </div>
            </fieldset>
          ) : null}
        </section>

        <section className="request-section" aria-labelledby="request-what">
          <h2 id="request-what">{t("requestForm.what")}</h2>
          <RequestChoiceGroup
            legend={t("requestForm.kind")}
            name="kind"
            type="radio"
            options={EVENT_KINDS.map((kind) => ({ value: kind, label: t(`event.kind.${kind}`), hint: t(`request.kindHelp.${kind}`) }))}
            defaultValue={[one("kind")]}
            error={errors.kind}
          />
          <RequestChoiceGroup
            legend={t("requestForm.wishes")}
            name="wishes"
            type="checkbox"
            inline
            hint={t("requestForm.wishesHint")}
            options={REQUEST_WISHES.map((offer) => ({ value: offer, label: t(`offer.${offer}`) }))}
            defaultValue={many("wishes")}
            error={errors.wishes}
          />
          <Field label={t("requestForm.expectedAudience")} name="expectedAudience" error={errors.expectedAudience}>
            {(props) => <input {...props} name="expectedAudience" type="number" min={1} inputMode="numeric" defaultValue={one("expectedAudience")} className="short" />}
          </Field>
          <RequestChoiceGroup
            legend={t("requestForm.localLanguages")}
            name="localLanguages"
            type="checkbox"
            inline
            options={REQUEST_LANGUAGES.map((code) => ({ value: code, label: t(`request.language.${code}`) }))}
            defaultValue={many("localLanguages")}
            error={errors.localLanguages}
          />
        </section>

        <section className="request-section" aria-labelledby="request-when">
          <h2 id="request-when">{t("requestForm.when")}</h2>
          <div className="request-row">
            <Field label={t("requestForm.windowFrom")} name="windowFrom" error={errors.windowFrom}>
              {(props) => <input {...props} name="windowFrom" type="date" min={today} defaultValue={one("windowFrom")} required />}
            </Field>
            <Field label={t("requestForm.windowTo")} name="windowTo" error={errors.windowTo}>
              {(props) => <input {...props} name="windowTo" type="date" min={today} defaultValue={one("windowTo")} required />}
            </Field>
          </div>
          <RequestChoiceGroup
            legend={t("requestForm.weekdays")}
            name="weekdays"
            type="checkbox"
            inline
            hint={t("requestForm.weekdaysHint")}
            options={WEEKDAYS_MONDAY_FIRST.map((d) => ({ value: String(d), label: t(`request.weekday.${d}`) }))}
            defaultValue={many("weekdays")}
            error={errors.weekdays}
          />
          <RequestChoiceGroup
            legend={t("requestForm.timeOfDay")}
            name="timeOfDay"
            type="radio"
            inline
            options={[{ value: "", label: t("requestForm.timeOfDayAny") }, ...TIMES_OF_DAY.map((time) => ({ value: time, label: t(`request.timeOfDay.${time}`) }))]}
            defaultValue={[one("timeOfDay")]}
            error={errors.timeOfDay}
          />
          <Field label={t("requestForm.message")} name="message" error={errors.message}>
            {(props) => <textarea {...props} name="message" rows={4} defaultValue={one("message")} />}
          </Field>
        </section>

        <p className="hint">{t("requestForm.privacy")}</p>
        <p>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("requestForm.submit")}
          </button>
        </p>
      </Form>
    </div>
  );
}
