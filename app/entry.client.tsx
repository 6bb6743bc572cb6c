import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";

import { i18nConfig } from "~/i18n/config";

declare global {
  interface Window {
    __remixContext: { state: { loaderData?: Record<string, unknown> } };
    /** The messages of a page without root loader data (an unknown address), from root.tsx. */
    __tuttavMessages?: Record<string, unknown>;
  }
}

async function hydrate() {
  // The root loader sends this page's language and its messages; the browser never loads the others.
  const root = window.__remixContext.state.loaderData?.root as
    | { locale: string; messages: Record<string, unknown> }
    | undefined;
  const locale = root?.locale ?? document.documentElement.lang;
  await i18next.use(initReactI18next).init({
    ...i18nConfig,
    supportedLngs: [...i18nConfig.supportedLngs],
    lng: locale,
    resources: { [locale]: { translation: root?.messages ?? window.__tuttavMessages ?? {} } },
  });

  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
