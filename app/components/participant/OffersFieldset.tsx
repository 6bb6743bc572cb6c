import { useTranslation } from "react-i18next";

import { OFFERS } from "~/domain/vocabulary";
import type { ParticipantValues } from "~/schemas/participant";

import { errorFor, FieldError } from "~/components/FieldError";

/** What someone can bring to an event, each with a few words of their own. */
export function OffersFieldset({ values, errors }: { values: ParticipantValues; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const offerDescription = (offer: string) => values.offers?.find((o) => o.offer === offer)?.description ?? "";
  const hasOffer = (offer: string) => values.offers?.some((o) => o.offer === offer) ?? false;
  return (
    <fieldset aria-describedby={errorFor(errors, "offers") ? "offers-error" : undefined}>
      <legend>{t("participantForm.section.offers")}</legend>
      <p className="hint">{t("participantForm.offersHint")}</p>
      <FieldError id="offers-error" error={errorFor(errors, "offers")} />
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
              <input
                name={`offer_description_${offer}`}
                defaultValue={offerDescription(offer) ?? ""}
                maxLength={300}
                placeholder={t("participantForm.offerDescriptionPlaceholder")}
              />
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
