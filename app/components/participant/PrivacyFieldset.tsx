import { useTranslation } from "react-i18next";

import type { ParticipantValues } from "~/schemas/participant";

/** Whether the first name may be shown on public event pages. */
export function PrivacyFieldset({ values }: { values: ParticipantValues }) {
  const { t } = useTranslation();
  return (
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
  );
}
