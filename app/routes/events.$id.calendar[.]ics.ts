import type { LoaderFunctionArgs } from "@remix-run/node";

import { feedResponse } from "~/models/feed/http.server";
import { resolveEventDownload } from "~/models/feed/resolve.server";
import { parseId } from "~/utils/params";

/** /events/<id>/calendar.ics: one public event to download into a calendar. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return feedResponse(request, await resolveEventDownload(request, parseId(params.id)));
}
