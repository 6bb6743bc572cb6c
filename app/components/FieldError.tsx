import { useTranslation } from "react-i18next";

import { translateMessage } from "~/utils/validationMessages";

/**
 * The one way a form shows a field's (or a group's) error: the translated message under it, said
 * at once to screen readers. `error` is the i18n key a schema gave (see validationMessages.ts);
 * `id` is what the control's `aria-describedby` names. Nothing when there is no error.
 */
export function FieldError({ id, error }: { id?: string; error?: string | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {translateMessage(t, error)}
    </p>
  );
}

/** The first error for a field or anything inside it ("languages" covers "languages.1.level"). */
export function errorFor(errors: Record<string, string>, name: string): string | undefined {
  if (errors[name]) return errors[name];
  const key = Object.keys(errors).find((k) => k.startsWith(`${name}.`));
  return key ? errors[key] : undefined;
}
