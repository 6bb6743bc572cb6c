import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** A forum's outcome: what people said and what was done about it. */
export function ForumOutcomeSection({ said, done }: { said: string | null; done: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="outcome">
      <h2 id="outcome">{t("forum.title")}</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="outcome" />
        <div className="field">
          <label htmlFor="outcome-said">{t("forum.said")}</label>
          <textarea id="outcome-said" name="outcomeSaid" rows={4} defaultValue={said ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="outcome-done">{t("forum.done")}</label>
          <textarea id="outcome-done" name="outcomeDone" rows={4} defaultValue={done ?? ""} />
        </div>
        <div>
          <button type="submit">{t("forum.save")}</button>
        </div>
      </Form>
    </section>
  );
}
