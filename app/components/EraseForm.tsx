import { Form } from "@remix-run/react";

import { FieldError } from "~/components/FieldError";

/**
 * Erasing a participant's data: a box to tick, then the button. Posts intent "erase" with
 * confirm=yes; `error` is the i18n key the action answered with when the box was not ticked.
 */
export function EraseForm({ confirmLabel, buttonLabel, error }: { confirmLabel: string; buttonLabel: string; error?: string | null }) {
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="intent" value="erase" />
      <label>
        <input type="checkbox" name="confirm" value="yes" aria-invalid={error ? true : undefined} /> {confirmLabel}
      </label>
      <FieldError error={error} />
      <div>
        <button type="submit" className="danger">
          {buttonLabel}
        </button>
      </div>
    </Form>
  );
}
