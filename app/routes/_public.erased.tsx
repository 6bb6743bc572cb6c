import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export const meta: MetaFunction = () => [{ title: "Tuttav" }, { name: "robots", content: "noindex" }];

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
