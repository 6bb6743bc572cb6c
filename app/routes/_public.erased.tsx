import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { pageTitle } from "~/utils/pageTitle";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  return json({ title: pageTitle(t("erase.doneTitle")) });
}

/** Where a participant lands after erasing their data: their link no longer works. */
export default function Erased() {
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <h1>{t("erase.doneTitle")}</h1>
      <p>{t("erase.done")}</p>
      <p>
        <Link to="/">{t("errors.home")}</Link>
      </p>
    </div>
  );
}
