import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";

import type { ParticipantValues } from "~/schemas/participant";

import { Honeypot } from "./Honeypot";
import { AboutYouFieldset, type TownChoices } from "./participant/AboutYouFieldset";
import { AvailabilityFieldset } from "./participant/AvailabilityFieldset";
import { ConsentFieldset } from "./participant/ConsentFieldset";
import { ContactFieldset } from "./participant/ContactFieldset";
import { DiversityFieldset } from "./participant/DiversityFieldset";
import type { Voice } from "./participant/labels";
import { LanguagesFieldset, type NamedCode, type NamedLanguage } from "./participant/LanguagesFieldset";
import { NeedsFieldset } from "./participant/NeedsFieldset";
import { OffersFieldset } from "./participant/OffersFieldset";
import { PrivacyFieldset } from "./participant/PrivacyFieldset";

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
  // "Add another" needs JavaScript; without it the form always has a couple of empty rows.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  return (
    <Form method="post" className="stack participant-form" noValidate>
      <input type="hidden" name="intent" value={mode === "join" ? "join" : "profile"} />
      {/* Only the public sign-up is open to bots; the private page is reached by its link. */}
      {mode === "join" ? <Honeypot /> : null}
      <AboutYouFieldset values={values} errors={errors} towns={towns} voice={voice} />
      <ContactFieldset values={values} errors={errors} />
      <LanguagesFieldset values={values} errors={errors} languages={languages} hydrated={hydrated} />
      <OffersFieldset values={values} errors={errors} />
      <AvailabilityFieldset values={values} errors={errors} voice={voice} hydrated={hydrated} />
      <NeedsFieldset values={values} errors={errors} />
      <DiversityFieldset values={values} errors={errors} countries={countries} />
      <PrivacyFieldset values={values} />
      {mode === "join" ? <ConsentFieldset error={errors.consent} /> : null}
      <p>
        <button type="submit" disabled={pending}>
          {submitLabel}
        </button>
      </p>
    </Form>
  );
}
