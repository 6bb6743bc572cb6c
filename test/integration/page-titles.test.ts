import fs from "node:fs";
import path from "node:path";

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Locale } from "~/domain/vocabulary";
import { resources } from "~/i18n/resources";
import * as erased from "~/routes/_public.erased";
import * as login from "~/routes/_public.login";
import * as dashboard from "~/routes/admin._index";
import * as account from "~/routes/admin.account";
import * as audit from "~/routes/admin.audit";
import * as event from "~/routes/admin.events.$id";
import * as events from "~/routes/admin.events._index";
import * as newEvent from "~/routes/admin.events.new";
import * as claims from "~/routes/admin.claims";
import * as outbox from "~/routes/admin.outbox";
import * as matching from "~/routes/admin.matching";
import * as participant from "~/routes/admin.participants.$id";
import * as participants from "~/routes/admin.participants._index";
import * as participantImport from "~/routes/admin.participants.import";
import * as reports from "~/routes/admin.reports";
import * as printableReport from "~/routes/admin_.reports.print";
import * as requests from "~/routes/admin.requests";
import * as rotation from "~/routes/admin.rotation";
import * as series from "~/routes/admin.series.$id";
import * as newSeries from "~/routes/admin.series.new";
import * as settings from "~/routes/admin.settings";
import * as users from "~/routes/admin.users";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { getRequest, settle } from "../helpers/requests";

type MetaArgs = Parameters<MetaFunction>[0];
// Method syntax: each route's meta is typed for its own loader's data, which this table does not know.
type Route = { loader: (args: LoaderFunctionArgs) => Promise<unknown>; meta(args: MetaArgs): ReturnType<MetaFunction> };
type Page = { name: string; route: Route; url: string; heading: string; who: "coordinator" | "admin" | "anyone" };

/** Each page with the key its <h1> shows; the tab should read the same words. */
const PAGES: Page[] = [
  { name: "reports", route: reports, url: "/admin/reports", heading: "reports2.title", who: "coordinator" },
  { name: "printable report", route: printableReport, url: "/admin/reports/print", heading: "reports2.printTitle", who: "coordinator" },
  { name: "rotation", route: rotation, url: "/admin/rotation", heading: "rotation.title", who: "coordinator" },
  { name: "events", route: events, url: "/admin/events", heading: "admin.nav.events", who: "coordinator" },
  { name: "account", route: account, url: "/admin/account", heading: "account.title", who: "coordinator" },
  { name: "new series", route: newSeries, url: "/admin/series/new", heading: "series.new.title", who: "coordinator" },
  { name: "matching", route: matching, url: "/admin/matching", heading: "admin.nav.matching", who: "coordinator" },
  // A run answers from a different return than the plain page; both need the title.
  { name: "matching, run", route: matching, url: "/admin/matching?run=1", heading: "admin.nav.matching", who: "coordinator" },
  { name: "new event", route: newEvent, url: "/admin/events/new", heading: "adminEvents.new.title", who: "coordinator" },
  { name: "accounts", route: users, url: "/admin/users", heading: "users.title", who: "admin" },
  { name: "audit log", route: audit, url: "/admin/audit", heading: "audit.title", who: "admin" },
  { name: "dashboard", route: dashboard, url: "/admin", heading: "admin.dashboard.title", who: "coordinator" },
  { name: "requests", route: requests, url: "/admin/requests", heading: "requestInbox.title", who: "coordinator" },
  { name: "participants", route: participants, url: "/admin/participants", heading: "participantAdmin.title", who: "coordinator" },
  { name: "participant import", route: participantImport, url: "/admin/participants/import", heading: "participantImport.title", who: "coordinator" },
  { name: "settings", route: settings, url: "/admin/settings", heading: "feedSettings.title", who: "coordinator" },
  { name: "outbox", route: outbox, url: "/admin/outbox", heading: "outbox.title", who: "coordinator" },
  { name: "travel claims", route: claims, url: "/admin/claims", heading: "claims.admin.title", who: "coordinator" },
  { name: "login", route: login, url: "/login", heading: "login.title", who: "anyone" },
  { name: "erased", route: erased, url: "/erased", heading: "erase.doneTitle", who: "anyone" },
];

/** The message for a dotted key, read straight from the translation files rather than through the code under test. */
function message(locale: Locale, key: string): string {
  const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], resources[locale].translation);
  if (typeof value !== "string" || !value) throw new Error(`No ${locale} message for ${key}`);
  return value;
}

/** Pages about one record: titled with its name. */
type RecordPage = { name: string; route: Route; url: (id: number) => string; table: "event" | "series" | "participant" };
const RECORD_PAGES: RecordPage[] = [
  { name: "event", route: event, url: (id) => `/admin/events/${id}`, table: "event" },
  { name: "series", route: series, url: (id) => `/admin/series/${id}`, table: "series" },
  { name: "participant", route: participant, url: (id) => `/admin/participants/${id}`, table: "participant" },
];

/** Coordinator routes that are not pages: the layout (its pages have titles) and a CSV download. */
const NOT_PAGES = [
  "admin.tsx",
  "admin.participants[.]csv.ts",
  "admin.reports[.]csv.ts",
  "admin.claims.$id.receipt.ts",
  "admin.claims.batches.$id[.]csv.ts",
  "admin.claims.batches.$id[.]xml.ts",
];

let test: TestDatabase;
const cookies: Record<Page["who"], string | undefined> = { coordinator: undefined, admin: undefined, anyone: undefined };

beforeAll(async () => {
  test = await createTestDatabase({ demo: true });
  cookies.coordinator = (await loginAsNewCoordinator("coordinator")).cookie;
  cookies.admin = (await loginAsNewCoordinator("admin")).cookie;
});
afterAll(() => test.close());

async function titleOf(page: Page, url = page.url, headers: Record<string, string> = {}): Promise<string> {
  const response = await settle(() => page.route.loader({ request: getRequest(url, { cookie: cookies[page.who], headers }), params: {}, context: {} }));
  expect(response.status, page.name).toBe(200);
  const data = (await response.json()) as { title?: unknown };
  expect(typeof data.title, page.name).toBe("string");
  // What the browser tab shows is what meta makes of the loader's data.
  const tags = page.route.meta({ data, params: {}, matches: [], location: { pathname: url, search: "", hash: "", state: null, key: "" }, error: undefined } as MetaArgs);
  expect(tags, page.name).toContainEqual({ title: data.title });
  return data.title as string;
}

describe("page titles", () => {
  it.each(PAGES)("$name is titled with its heading in Estonian by default", async (page) => {
    const title = await titleOf(page);
    expect(title).toBe(`${message("et", page.heading)} — Tuttav`);
    expect(title).not.toBe("Tuttav");
  });

  it.each(RECORD_PAGES)("the $name page is titled with the record's name", async (page) => {
    const { id } = await test.db.selectFrom(page.table).select("id").orderBy("id").executeTakeFirstOrThrow();
    const url = page.url(id);
    const response = await settle(() => page.route.loader({ request: getRequest(url, { cookie: cookies.coordinator }), params: { id: String(id) }, context: {} }));
    expect(response.status).toBe(200);
    const data = await response.json();
    const tags = page.route.meta({
      data,
      params: { id: String(id) },
      matches: [],
      location: { pathname: url, search: "", hash: "", state: null, key: "" },
      error: undefined,
    } as MetaArgs);
    const title = (tags as { title?: string }[]).find((tag) => tag.title !== undefined)?.title;
    expect(title).toMatch(/^\S.* — Tuttav$/);
  });

  it("cover every coordinator page", () => {
    const files = fs.readdirSync(path.resolve(__dirname, "../../app/routes")).filter((f) => f.startsWith("admin") && !NOT_PAGES.includes(f));
    const covered = new Set<unknown>([...PAGES, ...RECORD_PAGES].map((p) => p.route));
    const routes = {
      "admin._index.tsx": dashboard,
      "admin.account.tsx": account,
      "admin.audit.tsx": audit,
      "admin.events.$id.tsx": event,
      "admin.events._index.tsx": events,
      "admin.events.new.tsx": newEvent,
      "admin.matching.tsx": matching,
      "admin.participants.$id.tsx": participant,
      "admin.participants._index.tsx": participants,
      "admin.participants.import.tsx": participantImport,
      "admin.reports.tsx": reports,
      "admin_.reports.print.tsx": printableReport,
      "admin.requests.tsx": requests,
      "admin.rotation.tsx": rotation,
      "admin.series.$id.tsx": series,
      "admin.series.new.tsx": newSeries,
      "admin.settings.tsx": settings,
      "admin.users.tsx": users,
      "admin.outbox.tsx": outbox,
      "admin.claims.tsx": claims,
    } as Record<string, unknown>;
    expect(
      files.filter((f) => !routes[f] || !covered.has(routes[f])),
      "admin pages without a title test",
    ).toEqual([]);
  });

  it("follow ?lng=en", async () => {
    const reportsPage = PAGES.find((p) => p.name === "reports")!;
    expect(await titleOf(reportsPage, "/admin/reports?lng=en")).toBe("Reports — Tuttav");
    const loginPage = PAGES.find((p) => p.name === "login")!;
    expect(await titleOf(loginPage, "/login?lng=en")).toBe("Coordinator login — Tuttav");
  });

  it("follow the remembered language cookie", async () => {
    const erasedPage = PAGES.find((p) => p.name === "erased")!;
    // The lng cookie as the root loader sets it after a ?lng=en choice: JSON, base64, URL-encoded.
    expect(await titleOf(erasedPage, "/erased", { Cookie: "lng=ImVuIg%3D%3D" })).toBe("Your data has been erased — Tuttav");
  });

  it("keep the login page's redirect for a coordinator who is already logged in", async () => {
    const response = await settle(() => login.loader({ request: getRequest("/login", { cookie: cookies.coordinator }), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin");
  });

  it("keep coordinator pages closed to visitors", async () => {
    for (const page of PAGES.filter((p) => p.who !== "anyone")) {
      const response = await settle(() => page.route.loader({ request: getRequest(page.url), params: {}, context: {} }));
      expect(response.status, page.name).toBe(302);
      expect(response.headers.get("Location"), page.name).toMatch(/^\/login\?redirectTo=/);
    }
  });
});
