import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { transitionAction } from "~/domain/schedule";
import type { EventState } from "~/domain/vocabulary";
import { FieldError } from "~/components/FieldError";

/** The event's next steps (publish, confirm, complete…) as buttons, and cancelling with a reason. */
export function LifecycleSection({ state, transitions, reasonError }: { state: EventState; transitions: EventState[]; reasonError?: string }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="lifecycle">
      <h2 id="lifecycle">{t("adminEvents.lifecycle.title")}</h2>
      <div className="transition-actions">
        {transitions
          .filter((to) => to !== "cancelled")
          .map((to) => {
            const action = transitionAction(state, to);
            return (
              <Form method="post" key={to}>
                <input type="hidden" name="intent" value="transition" />
                <input type="hidden" name="to" value={to} />
                <button type="submit" className={action === "unpublish" || action === "unconfirm" ? "secondary" : undefined}>
                  {t(`adminEvents.lifecycle.action.${action}`)}
                </button>
              </Form>
            );
          })}
      </div>
      {state === "confirmed" && !transitions.includes("completed") ? <p className="hint">{t("adminEvents.lifecycle.completeLater")}</p> : null}
      {transitions.includes("cancelled") ? (
        <details className="cancel-box" open={Boolean(reasonError)}>
          <summary>{t("adminEvents.lifecycle.cancel")}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="transition" />
            <input type="hidden" name="to" value="cancelled" />
            <div className={`field${reasonError ? " has-error" : ""}`}>
              <label htmlFor="cancel-reason">{t("adminEvents.lifecycle.reason")}</label>
              <textarea id="cancel-reason" name="reason" rows={2} aria-invalid={reasonError ? true : undefined} />
              <FieldError error={reasonError} />
            </div>
            <div>
              <button type="submit" className="danger">
                {t("adminEvents.lifecycle.confirmCancel")}
              </button>
            </div>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
