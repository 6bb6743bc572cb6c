import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";

import { i18nConfig } from "~/i18n/config";
import { fetchMessages } from "~/i18n/loadMessages";

declare global {
  interface Window {
    __remixContext: { state: { loaderData?: Record<string, unknown> } };
    /** The messages of a page without root loader data (an unknown address), from root.tsx. */
    __tuttavMessages?: Record<string, unknown>;
  }
}

async function hydrate() {
  // The root loader sends this page's language and the address of its messages file (preloaded by
  // the page, then kept by the browser); the browser never loads the other languages' messages.
  const root = window.__remixContext.state.loaderData?.root as { locale: string; messagesHref: string } | undefined;
  const locale = root?.locale ?? document.documentElement.lang;
  let messages: Record<string, unknown>;
  if (root) {
    try {
      messages = await fetchMessages(root.messagesHref);
    } catch (error) {
      // Hydrating without the words would turn the page's text into keys: it stays as the server
      // rendered it (links and forms work without JavaScript).
      console.error(error);
      return;
    }
  } else {
    messages = window.__tuttavMessages ?? {};
  }
  await i18next.use(initReactI18next).init({
    ...i18nConfig,
    supportedLngs: [...i18nConfig.supportedLngs],
    lng: locale,
    resources: { [locale]: { translation: messages } },
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
