import { useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { isLocale } from "~/i18n/config";
import type { Locale } from "~/domain/vocabulary";
import type { RootLoader } from "~/root";

/**
 * The language of the page being rendered. A page for an unknown address has no loader data;
 * it is still rendered in the language the request asked for, which i18next holds.
 * (It lives here, not in root.tsx: components importing root made a cycle root → layout → root.)
 */
export function useLocale(): Locale {
  const rootData = useRouteLoaderData<RootLoader>("root");
  const { i18n } = useTranslation();
  return rootData?.locale ?? (isLocale(i18n.language) ? i18n.language : "et");
}
