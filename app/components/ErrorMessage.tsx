import { isRouteErrorResponse } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { errorKey } from "~/utils/errorKey";
import { pageTitle } from "~/utils/pageTitle";

/** How long a rate-limited person should wait, when the 429 said so (publicForm.server.ts). */
function retryAfterMinutes(error: unknown): number | null {
  if (!isRouteErrorResponse(error) || error.status !== 429) return null;
  const minutes = (error.data as { retryAfterMinutes?: unknown } | null)?.retryAfterMinutes;
  return typeof minutes === "number" && Number.isFinite(minutes) ? minutes : null;
}

/** What went wrong, in the visitor's language ("errors.*"), and the way home: the public pages' error boundaries (root, _public) show it. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const key = errorKey(isRouteErrorResponse(error) ? error.status : 500);
  const minutes = retryAfterMinutes(error);
  return (
    <>
      {/* A page for an unknown address has no loader data for <Meta />: the tab is titled here. */}
      <title>{pageTitle(t(`errors.${key}.title`))}</title>
      <div className="narrow">
        <h1>{t(`errors.${key}.title`)}</h1>
        <p>{minutes !== null ? t("errors.tooManyRequests.bodyMinutes", { count: minutes }) : t(`errors.${key}.body`)}</p>
        <p>
          <a href="/">{t("errors.home")}</a>
        </p>
      </div>
    </>
  );
}
