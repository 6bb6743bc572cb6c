import type { LoaderFunctionArgs } from "@remix-run/node";

import { feedResponse, parseId, resolveVenueFeed } from "~/models/feed.server";

/** /feeds/venues/<id>.ics: the public events at one venue. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return feedResponse(request, await resolveVenueFeed(request, parseId(params.id)));
}
