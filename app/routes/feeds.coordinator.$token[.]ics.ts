import type { LoaderFunctionArgs } from "@remix-run/node";

import { feedResponse, resolveCoordinatorFeed } from "~/models/feed.server";

/** /feeds/coordinator/<token>.ics: every event, drafts too, for a coordinator's own calendar. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return feedResponse(request, await resolveCoordinatorFeed(request, params.token), { personal: true });
}
