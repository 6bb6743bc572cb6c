import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * The error boundary of a page behind a private link: an unknown, revoked or mistyped link says
 * so and points to where a new one can be had, instead of a bare "page not found". Other errors
 * go on to the root's boundary.
 */
export function UnknownLinkBoundary({ keys, lostHref }: { keys: string; lostHref: string }) {
  const error = useRouteError();
  const { t } = useTranslation();
  if (!isRouteErrorResponse(error) || error.status !== 404) throw error;
  return (
    <div className="narrow">
      <h1>{t(`${keys}.title`)}</h1>
      <p>{t(`${keys}.body`)}</p>
      <p>
        <a className="button" href={lostHref}>
          {t(`${keys}.action`)}
        </a>
      </p>
    </div>
  );
}
