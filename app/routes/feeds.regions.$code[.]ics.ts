import type { LoaderFunctionArgs } from "@remix-run/node";

import { feedResponse } from "~/models/feed/http.server";
import { parseEventKind, resolvePublicFeed } from "~/models/feed/resolve.server";

/** /feeds/regions/<code>.ics: the public events of one county (the same as /feeds/events.ics?region=). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const kind = parseEventKind(new URL(request.url).searchParams.get("kind"));
  if (kind === null) throw new Response("Unknown event kind", { status: 400, headers: { "Cache-Control": "no-store" } });
  return feedResponse(request, await resolvePublicFeed(request, { regionCode: params.code ?? null, eventKind: kind }));
}
