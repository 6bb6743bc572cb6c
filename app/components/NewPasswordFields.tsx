import { useTranslation } from "react-i18next";

import { Field } from "./Field";

/**
 * A new password typed twice, with the policy as a hint; the names match the password and
 * passwordAgain of NewUserSchema and ChangePasswordSchema.
 */
export function NewPasswordFields({ errors }: { errors: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t("users.password")} name="password" error={errors.password} hint={t("users.passwordHint")}>
        {(props) => <input {...props} name="password" type="password" autoComplete="new-password" />}
      </Field>
      <Field label={t("users.passwordAgain")} name="passwordAgain" error={errors.passwordAgain}>
        {(props) => <input {...props} name="passwordAgain" type="password" autoComplete="new-password" />}
      </Field>
    </>
  );
}
