import { json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

import { ErrorMessage } from "~/components/ErrorMessage";
import { PublicLayout } from "~/components/PublicLayout";

import { i18next, localeCookie } from "~/i18n/i18next.server";
import { messagesHref } from "~/i18n/messageAssets.server";
import { isLocale } from "~/i18n/config";
import type { Locale } from "~/domain/vocabulary";
import { loadMessages } from "~/i18n/loadMessages";
import { useLocale } from "~/utils/locale";
import { useNonce } from "~/utils/nonce";

import stylesHref from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = (await i18next.getLocale(request)) as Locale;
  const requested = new URL(request.url).searchParams.get("lng");
  const headers = new Headers();
  // ?lng= is a choice: remember it, so the next page without ?lng= keeps the language.
  if (isLocale(requested)) headers.append("Set-Cookie", await localeCookie.serialize(requested));
  // The messages are a file of their own (cached by the browser), not part of every page.
  return json({ locale, messagesHref: messagesHref(locale) }, { headers });
}

export type RootLoader = typeof loader;

export function Layout({ children }: { children: React.ReactNode }) {
  const locale = useLocale();
  const nonce = useNonce();
  const rootData = useRouteLoaderData<RootLoader>("root");
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        {/* entry.client.tsx fetches it before hydrating; crossOrigin makes the preload match that fetch. */}
        {rootData ? <link rel="preload" as="fetch" href={rootData.messagesHref} crossOrigin="anonymous" /> : null}
        <Links />
      </head>
      <body>
        {children}
        {rootData ? null : <ErrorPageMessages nonce={nonce} />}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * A page for an unknown address has no root loader data, so no messages for the browser: they come
 * in this script instead (entry.client.tsx reads them), or the page would hydrate as bare keys.
 */
function ErrorPageMessages({ nonce }: { nonce?: string }) {
  const { i18n } = useTranslation();
  const messages = i18n.getResourceBundle(i18n.language, "translation") ?? {};
  // Inside a <script>, "<" could close it: JSON allows it escaped.
  const json = JSON.stringify(messages)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: `window.__tuttavMessages=${json};` }} />;
}

export default function App() {
  useSyncLanguage();
  return <Outlet />;
}

/**
 * The browser starts with one language; when a navigation brings another (e.g. a redirect to a
 * link with ?lng=), fetch its messages file and switch.
 */
function useSyncLanguage() {
  const rootData = useRouteLoaderData<RootLoader>("root");
  const { i18n } = useTranslation();
  const locale = rootData?.locale;
  const href = rootData?.messagesHref;
  useEffect(() => {
    if (!locale || !href || i18n.language === locale) return;
    let current = true;
    loadMessages(i18n, locale, href)
      .then(() => {
        if (current) return i18n.changeLanguage(locale);
      })
      .catch((error: unknown) => console.error(error));
    return () => {
      current = false;
    };
  }, [i18n, locale, href]);
}

/** Errors outside the public pages' own layout (an unknown address, a failing root loader); _public.tsx has the same. */
export function ErrorBoundary() {
  return (
    <PublicLayout>
      <ErrorMessage error={useRouteError()} />
    </PublicLayout>
  );
}
