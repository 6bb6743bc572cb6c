import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { LanguageSwitcher } from "./LanguageSwitcher";

/** Header and footer of every public page. */
export function PublicLayout({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <a href="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              ◐
            </span>{" "}
            Tuttav
          </a>
          <nav className="main-nav" aria-label={t("nav.main")}>
            <NavLink to="/events">{t("nav.events")}</NavLink>
            <NavLink to="/request">{t("nav.request")}</NavLink>
            <NavLink to="/join">{t("nav.join")}</NavLink>
          </nav>
          <LanguageSwitcher />
        </div>
      </header>
      <main className="page">{children}</main>
      <footer className="site-footer">
        <p>{t("footer.about")}</p>
        <p>
          <NavLink to="/login">{t("nav.coordinators")}</NavLink>
        </p>
      </footer>
    </>
  );
}
