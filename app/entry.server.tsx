import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";

import { i18next, renderInstance } from "~/i18n/i18next.server";
import { NonceProvider } from "~/utils/nonce";

// For scripts/server.mjs (plain JavaScript, which reaches the app's code through this build): the
// checks every request goes through before Remix sees it, and the page that refuses one.
export { originPolicy } from "~/utils/origin.server";
export { discardBody, readBody } from "~/utils/requestBody.server";
export { bodyLimit, bodyRefusal, checkFormBody, guardRequest, isPrivatePage } from "~/utils/requestGuard.server";
export { prepareRefusalPages, refusalResponse } from "~/utils/refusalPage.server";
// A real deployment or the demo (scripts/server.mjs sends HSTS only for the first).
export { isProduction } from "~/utils/env.server";
// Rendered anonymous public pages, answered again without a render (see pageCache.server.ts).
export { openPageCache } from "~/utils/pageCache.server";
// The Content-Security-Policy of every response (a stored page brings its own).
export { contentSecurityPolicy } from "~/utils/contentSecurityPolicy.server";
// The mail settings (checked at start) and the worker that sends the outbox.
export { mailPolicy } from "~/utils/mailTransport.server";
export { startMailer } from "~/models/mailWorker.server";

/**
 * Renders the whole document at once. No page defers data (no <Suspense>, no `defer`), so the
 * shell is the whole page and streaming it brought nothing but cost: renderToString is cheaper
 * per request than renderToPipeableStream and gives the compressor one chunk instead of many
 * (measured with `npm run bench:pages`). A render that throws reaches Remix, which renders the
 * error boundary instead.
 */
export default async function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  // The root loader has already worked out the language; detect it again only if it failed.
  const rootData = remixContext.staticHandlerContext.loaderData.root as { locale?: unknown } | undefined;
  const instance = await renderInstance(typeof rootData?.locale === "string" ? rootData.locale : await i18next.getLocale(request));
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : undefined;
  const html = renderToString(
    <NonceProvider value={nonce}>
      <I18nextProvider i18n={instance}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </I18nextProvider>
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // As UTF-8 bytes: a string body is checked for lone surrogates and encoded by the Fetch
  // implementation's JavaScript, a few per cent of a coordinator page's time (profiled).
  return new Response(Buffer.from(`<!DOCTYPE html>${html}`), { headers: responseHeaders, status: responseStatusCode });
}
