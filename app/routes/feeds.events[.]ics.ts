import type { LoaderFunctionArgs } from "@remix-run/node";

import { feedResponse } from "~/models/feed/http.server";
import { parseEventKind, resolvePublicFeed } from "~/models/feed/resolve.server";

/** /feeds/events.ics: every public event, optionally ?region=EE-74, ?kind=cosy_corner, ?lng=en. */
export async function loader({ request }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams;
  const kind = parseEventKind(search.get("kind"));
  if (kind === null) throw new Response("Unknown event kind", { status: 400, headers: { "Cache-Control": "no-store" } });
  const region = search.get("region") || null;
  return feedResponse(request, await resolvePublicFeed(request, { regionCode: region, eventKind: kind }));
}
