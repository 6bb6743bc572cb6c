import type { LoaderFunctionArgs } from "@remix-run/node";

import { feedResponse } from "~/models/feed/http.server";
import { resolveVenueFeed } from "~/models/feed/resolve.server";
import { parseId } from "~/utils/params";

/** /feeds/venues/<id>.ics: the public events at one venue. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return feedResponse(request, await resolveVenueFeed(request, parseId(params.id)));
}
