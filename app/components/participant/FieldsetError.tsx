import { useTranslation } from "react-i18next";

import { translateMessage } from "~/utils/validationMessages";

/** The first error for a field or anything inside it ("languages" covers "languages.1.level"). */
export function errorFor(errors: Record<string, string>, name: string): string | undefined {
  if (errors[name]) return errors[name];
  const key = Object.keys(errors).find((k) => k.startsWith(`${name}.`));
  return key ? errors[key] : undefined;
}

/** A group's error, said once under its legend. */
export function FieldsetError({ id, error }: { id: string; error?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {translateMessage(t, error)}
    </p>
  );
}
