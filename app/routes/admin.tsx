import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, Outlet, useLoaderData, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

import { LanguageSwitcher } from "~/components/LanguageSwitcher";
import { useDelegatedLinks } from "~/utils/delegatedLinks";
import { requireCoordinator } from "~/models/auth.server";
import { pageTitle } from "~/utils/pageTitle";

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
  // Its name lives in the claims' own translation file.
  { to: "/admin/claims", key: "claims", label: "claims.nav" },
  // Its name lives in the outbox's own translation file.
  { to: "/admin/outbox", key: "outbox", label: "outbox.nav" },
  { to: "/admin/settings", key: "settings" },
] as const;

/** A section's name: admin.nav.<key>, or its own key when its feature keeps the name. */
function sectionLabel(section: (typeof SECTIONS)[number]): string {
  return "label" in section ? section.label : `admin.nav.${section.key}`;
}

// Only administrators manage accounts and read the audit log.
const ADMIN_SECTIONS = [
  { to: "/admin/users", key: "users" },
  { to: "/admin/audit", key: "audit" },
] as const;

/**
 * A section of the header: a plain link marked as NavLink would mark it (class "active" and
 * aria-current="page" on its page and, unless `end`, below it). The header's one click handler
 * (useDelegatedLinks) keeps navigation inside the app; a NavLink each cost server time on every
 * coordinator page (profiled).
 */
function SectionLink({ to, pathname, end = false, title, children }: { to: string; pathname: string; end?: boolean; title?: string; children: React.ReactNode }) {
  const active = pathname === to || (!end && pathname.startsWith(`${to}/`));
  return (
    <a href={to} title={title} className={active ? "active" : undefined} aria-current={active ? "page" : undefined}>
      {children}
    </a>
  );
}

/** Who is logged in, as the header shows them. */
type AdminUser = { name: string; role: string };

/** The coordinators' header; without a user (their loader failed) just the name and the languages. */
function AdminHeader({ user }: { user: AdminUser | null }) {
  const { t } = useTranslation();
  const nav = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const followLink = useDelegatedLinks();
  // On a phone the sections are one sideways row: bring the current one to its middle, and fade
  // the left edge too once the row is scrolled (the CSS fades the right one).
  useEffect(() => {
    const row = nav.current;
    if (!row) return;
    const markScrolled = () => row.toggleAttribute("data-scrolled", row.scrollLeft > 0);
    const current = row.querySelector("a.active");
    if (current && row.scrollWidth > row.clientWidth) {
      const rowBox = row.getBoundingClientRect();
      const box = current.getBoundingClientRect();
      row.scrollLeft += box.left - rowBox.left - (rowBox.width - box.width) / 2;
    }
    markScrolled();
    row.addEventListener("scroll", markScrolled, { passive: true });
    return () => row.removeEventListener("scroll", markScrolled);
  }, [pathname]);
  return (
    <header className="site-header admin-header">
      <div className="site-header-inner">
        <a href="/admin" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◐
          </span>{" "}
          Tuttav
          <span className="brand-sub">{t("admin.coordinator")}</span>
        </a>
        {user ? (
          <nav className="main-nav" aria-label={t("nav.main")} ref={nav} onClick={followLink}>
            {SECTIONS.map((s) => (
              <SectionLink key={s.to} to={s.to} pathname={pathname} end={"end" in s ? s.end : false}>
                {t(sectionLabel(s))}
              </SectionLink>
            ))}
            {user.role === "admin"
              ? ADMIN_SECTIONS.map((s) => (
                  <SectionLink key={s.to} to={s.to} pathname={pathname}>
                    {t(`admin.nav.${s.key}`)}
                  </SectionLink>
                ))
              : null}
          </nav>
        ) : null}
        {user ? (
          <div className="admin-user" onClick={followLink}>
            <SectionLink to="/admin/account" pathname={pathname} title={t("admin.nav.account")}>
              {user.name}
            </SectionLink>
            <Form method="post" action="/logout">
              <button type="submit" className="link-button">
                {t("nav.logout")}
              </button>
            </Form>
          </div>
        ) : null}
        <LanguageSwitcher />
      </div>
    </header>
  );
}

export default function AdminLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <div className="admin">
      <AdminHeader user={user} />
      <main className="page">
        <Outlet />
      </main>
    </div>
  );
}

/** Which message explains an error in the coordinators' pages: [title, text]. */
function errorMessages(status: number): [string, string] {
  if (status === 404) return ["adminpages.error.notFound.title", "adminpages.error.notFound.body"];
  if (status === 403) return ["adminpages.error.forbidden.title", "adminpages.error.forbidden.body"];
  if (status === 400 || status === 415) return ["errors.badRequest.title", "errors.badRequest.body"];
  if (status === 429) return ["errors.tooManyRequests.title", "errors.tooManyRequests.body"];
  return ["adminpages.error.generic.title", "adminpages.error.generic.body"];
}

/**
 * Errors in the coordinators' pages stay inside them: their header (a minimal one when the user
 * could not be loaded), a translated message and the way back to the overview.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("routes/admin");
  const { t } = useTranslation();
  const [title, body] = errorMessages(isRouteErrorResponse(error) ? error.status : 500);
  return (
    <div className="admin">
      <title>{pageTitle(t(title))}</title>
      <AdminHeader user={data?.user ?? null} />
      <main className="page">
        <div className="narrow">
          <h1>{t(title)}</h1>
          <p>{t(body)}</p>
          <p>
            <Link to="/admin">{t("adminpages.error.back")}</Link>
          </p>
        </div>
      </main>
    </div>
  );
}
