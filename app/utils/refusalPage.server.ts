/**
 * The page the server answers a refused request with (see requestGuard.server.ts): small,
 * self-contained HTML in the visitor's language, no script and no inline style, so it meets the
 * Content-Security-Policy every response carries.
 */
import type { TFunction } from "i18next";

import { LOCALES, type Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";

import type { Refusal } from "./requestGuard.server";

/** What the page needs from the request: its target (for ?lng=) and the language headers. */
export type RefusedRequest = { method: string; url: string; cookie?: string; acceptLanguage?: string };

// The texts only ever go into element content, never into an attribute.
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const escapeHtml = (text: string) => text.replace(/[&<>]/g, (c) => ESCAPES[c]);

// One translator per language for the life of the process: a refusal should cost next to nothing,
// however many of them an abusive client asks for (a new i18next instance each time costs ~3 ms).
const translators = new Map<Locale, Promise<TFunction>>();
function translator(locale: Locale): Promise<TFunction> {
  let t = translators.get(locale);
  if (!t) translators.set(locale, (t = i18next.getFixedT(locale)));
  return t;
}

/** Loads the translators now (the server calls it at start), so the first refusal is as quick as the rest. */
export async function prepareRefusalPages(): Promise<void> {
  await Promise.all(LOCALES.map(translator));
}

/** "256 KB", "2 MB": a body limit as the page states it. */
function sizeOf(bytes: number): { key: "edge.size.kilobytes" | "edge.size.megabytes"; count: number } {
  return bytes >= 1024 * 1024 ? { key: "edge.size.megabytes", count: Math.floor(bytes / (1024 * 1024)) } : { key: "edge.size.kilobytes", count: Math.floor(bytes / 1024) };
}

/**
 * The refusal as a Response: its status and headers (e.g. Allow), never cached, in the language
 * chosen as on every page (?lng=, then the lng cookie, then Accept-Language); `limit` is the body
 * limit a 413 states.
 */
export async function refusalResponse(refusal: Refusal, request: RefusedRequest, options: { limit?: number } = {}): Promise<Response> {
  // Only the query matters for the language; the path may be anything the client sent.
  const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "";
  const headers = new Headers();
  if (request.cookie) headers.set("Cookie", request.cookie);
  if (request.acceptLanguage) headers.set("Accept-Language", request.acceptLanguage);
  const locale = (await i18next.getLocale(new Request(`http://localhost/${query}`, { headers }))) as Locale;
  const t = await translator(locale);

  const size = options.limit ? sizeOf(options.limit) : null;
  const title = t(`${refusal.messageKey}.title`);
  const text = t(`${refusal.messageKey}.text`, { limit: size ? t(size.key, { count: size.count }) : "" });
  const html = `<!DOCTYPE html>
<html lang="${locale}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} – Tuttav</title>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(text)}</p>
<p><a href="/">${escapeHtml(t("edge.home"))}</a></p>
</main>
</body>
</html>
`;
  return new Response(request.method.toUpperCase() === "HEAD" ? null : html, {
    status: refusal.status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Language": locale,
      "Cache-Control": "no-store",
      ...refusal.headers,
    },
  });
}
