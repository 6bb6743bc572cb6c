import type { LoaderFunctionArgs } from "@remix-run/node";

import { feedResponse, parseId, resolveEventDownload } from "~/models/feed.server";

/** /events/<id>/calendar.ics: one public event to download into a calendar. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return feedResponse(request, await resolveEventDownload(request, parseId(params.id)));
}
