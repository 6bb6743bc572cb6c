import { Outlet, useRouteError } from "@remix-run/react";

import { ErrorMessage } from "~/components/ErrorMessage";
import { PublicLayout } from "~/components/PublicLayout";

export default function PublicRoute() {
  return (
    <PublicLayout>
      <Outlet />
    </PublicLayout>
  );
}

/** An error in a public page stays inside the public layout: its navigation, a translated message and the way home. */
export function ErrorBoundary() {
  return (
    <PublicLayout>
      <ErrorMessage error={useRouteError()} />
    </PublicLayout>
  );
}
