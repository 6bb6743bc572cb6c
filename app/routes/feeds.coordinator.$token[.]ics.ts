import type { LoaderFunctionArgs } from "@remix-run/node";

import { feedResponse } from "~/models/feed/http.server";
import { resolveCoordinatorFeed } from "~/models/feed/resolve.server";

/** /feeds/coordinator/<token>.ics: every event, drafts too, for a coordinator's own calendar. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return feedResponse(request, await resolveCoordinatorFeed(request, params.token), { personal: true });
}
