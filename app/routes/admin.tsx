import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { LanguageSwitcher } from "~/components/LanguageSwitcher";
import { requireCoordinator } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCoordinator(request);
  return json({ user });
}

const SECTIONS = [
  { to: "/admin", key: "dashboard", end: true },
  { to: "/admin/requests", key: "requests" },
  { to: "/admin/events", key: "events" },
  { to: "/admin/participants", key: "participants" },
  { to: "/admin/matching", key: "matching" },
  { to: "/admin/reports", key: "reports" },
  { to: "/admin/settings", key: "settings" },
] as const;

// Only administrators manage accounts and read the audit log.
const ADMIN_SECTIONS = [
  { to: "/admin/users", key: "users" },
  { to: "/admin/audit", key: "audit" },
] as const;

export default function AdminLayout() {
  const { user } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="admin">
      <header className="site-header admin-header">
        <div className="site-header-inner">
          <a href="/admin" className="brand">
            <span className="brand-mark" aria-hidden="true">◐</span> Tuttav
            <span className="brand-sub">{t("admin.coordinator")}</span>
          </a>
          <nav className="main-nav" aria-label={t("nav.main")}>
            {SECTIONS.map((s) => (
              <NavLink key={s.to} to={s.to} end={"end" in s ? s.end : false}>
                {t(`admin.nav.${s.key}`)}
              </NavLink>
            ))}
            {user.role === "admin"
              ? ADMIN_SECTIONS.map((s) => (
                  <NavLink key={s.to} to={s.to}>
                    {t(`admin.nav.${s.key}`)}
                  </NavLink>
                ))
              : null}
          </nav>
          <div className="admin-user">
            <NavLink to="/admin/account" title={t("admin.nav.account")}>
              {user.name}
            </NavLink>
            <Form method="post" action="/logout">
              <button type="submit" className="link-button">
                {t("nav.logout")}
              </button>
            </Form>
          </div>
          <LanguageSwitcher />
        </div>
      </header>
      <main className="page">
        <Outlet />
      </main>
    </div>
  );
}
