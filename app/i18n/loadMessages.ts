import type { i18n as I18n } from "i18next";

type Messages = Record<string, unknown>;

/**
 * A language's messages file (the root loader's `messagesHref`), tried a few times: without it the
 * browser cannot render the page's words. A plain same-origin fetch, so the page's
 * `<link rel="preload" as="fetch" crossorigin>` answers it.
 */
export async function fetchMessages(href: string, attempts = 3): Promise<Messages> {
  let failure: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const response = await fetch(href);
      if (response.ok) return (await response.json()) as Messages;
      failure = new Error(`${href}: ${response.status}`);
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

/** Adds a language's messages to i18next from its file, unless they are there already. */
export async function loadMessages(i18n: I18n, locale: string, href: string): Promise<void> {
  if (i18n.hasResourceBundle(locale, "translation")) return;
  const messages = await fetchMessages(href);
  if (!i18n.hasResourceBundle(locale, "translation")) i18n.addResourceBundle(locale, "translation", messages);
}
