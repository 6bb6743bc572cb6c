import type { LoaderFunctionArgs } from "@remix-run/node";

import { feedResponse, resolveParticipantFeed } from "~/models/feed.server";

/** /feeds/me/<token>.ics: a participant's own events, by their private link token. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return feedResponse(request, await resolveParticipantFeed(request, params.token), { personal: true });
}
