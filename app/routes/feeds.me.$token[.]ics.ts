import type { LoaderFunctionArgs } from "@remix-run/node";

import { feedResponse } from "~/models/feed/http.server";
import { resolveParticipantFeed } from "~/models/feed/resolve.server";

/** /feeds/me/<token>.ics: a participant's own events, by their private link token. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return feedResponse(request, await resolveParticipantFeed(request, params.token), { personal: true });
}
