import type { LoaderFunctionArgs } from "@remix-run/node";

import { findMessagesAsset } from "~/i18n/messageAssets.server";

/**
 * /locales/<lng>.<hash>.json: one language's messages, which the browser loads before it hydrates
 * a page (entry.client.tsx). The hash names the content, so this address never changes meaning.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = findMessagesAsset(params.file ?? "");
  if (!found) throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(found.asset.json, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      // An old hash (a page from before a deployment) gets today's messages, which are not its own to keep.
      "Cache-Control": found.current ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
}
