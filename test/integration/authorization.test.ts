import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import {
  buildTrustFixtures,
  classify,
  importRoute,
  listRouteFiles,
  ROLES,
  tokenFor,
  type Credentials,
  type Outcome,
  type PersonalData,
  type Role,
  type TrustFixtures,
} from "../helpers/matrix";
import { formRequest, getRequest, settle } from "../helpers/requests";

type Access = Record<Role, Outcome>;
const access = (allowed: Role[]): Access => Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? "allow" : "deny"])) as Access;

const EVERYONE = access([...ROLES]);
const NOBODY = access([]);
const COORDINATORS = access(["coordinator", "admin"]);
const ADMINS = access(["admin"]);
const HOST = access(["host"]);
// Each participant opens their own link; "otherParticipant" holds a different person's link.
const OWN_LINK = access(["participant", "otherParticipant"]);
// Answering P1's invitation: only P1; another participant's link cannot reach P1's assignment.
const P1_ONLY = access(["participant"]);

type Case = {
  /** Shown in failures. */
  name: string;
  url: (f: TrustFixtures, c: Credentials) => string;
  params?: (f: TrustFixtures, c: Credentials) => Record<string, string>;
  loader?: Access;
  /** The action's access and the form posted to it: the least that an allowed caller gets an answer to. */
  action?: { access: Access; form: (f: TrustFixtures) => Record<string, string | string[]> };
};

const participantLink = (c: Credentials) => tokenFor(c, "participant");

/**
 * THE table: every route file in app/routes × every role. A file with no server code says so
 * with an empty list; a new route file missing here fails the test.
 */
const MATRIX: Record<string, Case[]> = {
  "_public.tsx": [],
  "_public.erased.tsx": [{ name: "erased", url: () => "/erased", loader: EVERYONE }],
  "_public._index.tsx": [{ name: "home", url: () => "/", loader: EVERYONE }],
  "_public.events._index.tsx": [{ name: "event list", url: () => "/events?region=EE-74", loader: EVERYONE }],
  "_public.events.$id.tsx": [
    { name: "public event", url: (f) => `/events/${f.upcomingEventId}`, params: (f) => ({ id: String(f.upcomingEventId) }), loader: EVERYONE },
    { name: "draft event", url: (f) => `/events/${f.draftEventId}`, params: (f) => ({ id: String(f.draftEventId) }), loader: NOBODY },
  ],
  "_public.events.$id_.feedback.tsx": [
    {
      name: "feedback",
      url: (f) => `/events/${f.pastEventId}/feedback`,
      params: (f) => ({ id: String(f.pastEventId) }),
      loader: EVERYONE,
      action: { access: EVERYONE, form: () => ({ text: "" }) },
    },
    {
      name: "feedback on a draft",
      url: (f) => `/events/${f.draftEventId}/feedback`,
      params: (f) => ({ id: String(f.draftEventId) }),
      loader: NOBODY,
      action: { access: NOBODY, form: () => ({ text: "Hea!" }) },
    },
  ],
  "_public.join.tsx": [{ name: "sign-up", url: () => "/join", loader: EVERYONE, action: { access: EVERYONE, form: () => ({}) } }],
  "_public.login.tsx": [{ name: "login", url: () => "/login", loader: EVERYONE, action: { access: EVERYONE, form: () => ({}) } }],
  "_public.me.lost.tsx": [{ name: "lost link", url: () => "/me/lost", loader: EVERYONE, action: { access: EVERYONE, form: () => ({}) } }],
  "_public.request_.lost.tsx": [{ name: "host lost link", url: () => "/request/lost", loader: EVERYONE, action: { access: EVERYONE, form: () => ({}) } }],
  "_public.me.$token.tsx": [
    {
      name: "participant page",
      url: (_f, c) => `/me/${participantLink(c)}`,
      params: (_f, c) => ({ token: participantLink(c) }),
      loader: OWN_LINK,
      action: { access: P1_ONLY, form: (f) => ({ intent: "decline", assignment_id: String(f.p1InvitationId) }) },
    },
  ],
  "_public.me.$token_.claims.$assignmentId.tsx": [
    {
      // Travel claims (issue 17): P1's own past assignment; the empty form is refused (400) only for P1.
      name: "travel claim",
      url: (f, c) => `/me/${participantLink(c)}/claims/${f.p1PastAssignmentId}`,
      params: (f, c) => ({ token: participantLink(c), assignmentId: String(f.p1PastAssignmentId) }),
      loader: P1_ONLY,
      action: { access: P1_ONLY, form: () => ({ intent: "claim" }) },
    },
  ],
  // A receipt that does not exist is not found for everyone; who may see an existing one: test/integration/claims.test.ts.
  "me.$token.receipts.$claimId.ts": [
    {
      name: "receipt (participant)",
      url: (_f, c) => `/me/${participantLink(c)}/receipts/999999`,
      params: (_f, c) => ({ token: participantLink(c), claimId: "999999" }),
      loader: NOBODY,
    },
  ],
  "_public.me.$token.data[.]json.tsx": [
    { name: "my data download", url: (_f, c) => `/me/${participantLink(c)}/data.json`, params: (_f, c) => ({ token: participantLink(c) }), loader: OWN_LINK },
  ],
  "_public.request.tsx": [{ name: "request form", url: () => "/request", loader: EVERYONE, action: { access: EVERYONE, form: () => ({}) } }],
  "_public.request_.status.$token.tsx": [
    {
      name: "host status",
      url: (_f, c) => `/request/status/${tokenFor(c, "host")}`,
      params: (_f, c) => ({ token: tokenFor(c, "host") }),
      loader: HOST,
      // The request is already accepted: the host is let in and told so (409); nobody else gets that far.
      action: { access: HOST, form: () => ({ intent: "withdraw" }) },
    },
    {
      // Who came (issue 16): the host's own event has not started yet, so the host is told so (409); nobody else gets that far.
      name: "host attendance",
      url: (_f, c) => `/request/status/${tokenFor(c, "host")}`,
      params: (_f, c) => ({ token: tokenFor(c, "host") }),
      action: { access: HOST, form: (f) => ({ intent: "attendance", eventId: String(f.upcomingEventId), assignmentId: "1", "came-1": "yes" }) },
    },
    {
      // Like a revoked link, an expired one opens nothing for anyone (its holder is told it expired).
      name: "host status, expired link",
      url: (f) => `/request/status/${f.expiredHostToken}`,
      params: (f) => ({ token: f.expiredHostToken }),
      loader: NOBODY,
      action: { access: NOBODY, form: () => ({ intent: "withdraw" }) },
    },
  ],
  "_public.venues.$id.tsx": [{ name: "venue", url: (f) => `/venues/${f.venueId}`, params: (f) => ({ id: String(f.venueId) }), loader: EVERYONE }],
  "logout.tsx": [{ name: "logout", url: () => "/logout", loader: EVERYONE, action: { access: EVERYONE, form: () => ({}) } }],

  "admin.tsx": [{ name: "admin layout", url: () => "/admin", loader: COORDINATORS }],
  "admin._index.tsx": [{ name: "dashboard", url: () => "/admin", loader: COORDINATORS }],
  "admin.account.tsx": [{ name: "own account", url: () => "/admin/account", loader: COORDINATORS, action: { access: COORDINATORS, form: () => ({}) } }],
  "admin.claims.tsx": [{ name: "travel claims", url: () => "/admin/claims", loader: COORDINATORS, action: { access: COORDINATORS, form: () => ({ intent: "approve" }) } }],
  "admin.claims.$id.receipt.ts": [{ name: "receipt (coordinator)", url: () => "/admin/claims/999999/receipt", params: () => ({ id: "999999" }), loader: NOBODY }],
  "admin.claims.batches.$id[.]csv.ts": [{ name: "payment batch CSV", url: () => "/admin/claims/batches/999999.csv", params: () => ({ id: "999999" }), loader: NOBODY }],
  "admin.claims.batches.$id[.]xml.ts": [{ name: "payment batch pain.001", url: () => "/admin/claims/batches/999999.xml", params: () => ({ id: "999999" }), loader: NOBODY }],
  "admin.audit.tsx": [{ name: "audit log", url: () => "/admin/audit", loader: ADMINS }],
  "admin.users.tsx": [{ name: "accounts", url: () => "/admin/users", loader: ADMINS, action: { access: ADMINS, form: () => ({}) } }],
  "admin.requests.tsx": [{ name: "request inbox", url: () => "/admin/requests", loader: COORDINATORS, action: { access: COORDINATORS, form: () => ({}) } }],
  "admin.events._index.tsx": [{ name: "events", url: () => "/admin/events", loader: COORDINATORS }],
  "admin.events.new.tsx": [{ name: "new event", url: () => "/admin/events/new", loader: COORDINATORS, action: { access: COORDINATORS, form: () => ({}) } }],
  "admin.events.$id.tsx": [
    {
      name: "event (draft)",
      url: (f) => `/admin/events/${f.draftEventId}`,
      params: (f) => ({ id: String(f.draftEventId) }),
      loader: COORDINATORS,
      action: { access: COORDINATORS, form: () => ({ intent: "nonsense" }) },
    },
    {
      name: "attendance (coordinator)",
      url: (f) => `/admin/events/${f.pastEventId}`,
      params: (f) => ({ id: String(f.pastEventId) }),
      action: { access: COORDINATORS, form: () => ({ intent: "attendance", localsCount: "12" }) },
    },
  ],
  "admin.series.new.tsx": [{ name: "new series", url: () => "/admin/series/new", loader: COORDINATORS, action: { access: COORDINATORS, form: () => ({}) } }],
  "admin.series.$id.tsx": [
    {
      name: "series",
      url: (f) => `/admin/series/${f.seriesId}`,
      params: (f) => ({ id: String(f.seriesId) }),
      loader: COORDINATORS,
      action: { access: COORDINATORS, form: () => ({}) },
    },
  ],
  "admin.participants._index.tsx": [{ name: "participant directory", url: () => "/admin/participants", loader: COORDINATORS }],
  "admin.participants.$id.tsx": [
    {
      name: "participant (coordinator view)",
      url: (f) => `/admin/participants/${f.people.p1.id}`,
      params: (f) => ({ id: String(f.people.p1.id) }),
      loader: COORDINATORS,
      action: { access: COORDINATORS, form: () => ({ intent: "nonsense" }) },
    },
  ],
  "admin.participants.import.tsx": [
    { name: "participant import", url: () => "/admin/participants/import", loader: COORDINATORS, action: { access: COORDINATORS, form: () => ({}) } },
  ],
  "admin.participants[.]csv.ts": [{ name: "participant CSV export", url: () => "/admin/participants.csv", loader: COORDINATORS }],
  "admin.matching.tsx": [{ name: "matching", url: () => "/admin/matching", loader: COORDINATORS, action: { access: COORDINATORS, form: () => ({ intent: "nonsense" }) } }],
  "admin.reports.tsx": [{ name: "reports", url: () => "/admin/reports", loader: COORDINATORS }],
  "admin.reports[.]csv.ts": [{ name: "report CSV", url: () => "/admin/reports.csv?table=events_by_kind", loader: COORDINATORS }],
  "admin_.reports.print.tsx": [{ name: "printable report", url: () => "/admin/reports/print", loader: COORDINATORS }],
  "admin.rotation.tsx": [{ name: "rotation", url: () => "/admin/rotation", loader: COORDINATORS }],
  "admin.outbox.tsx": [{ name: "outbox", url: () => "/admin/outbox", loader: COORDINATORS, action: { access: COORDINATORS, form: () => ({ intent: "cancel", id: "999999" }) } }],
  "admin.settings.tsx": [
    { name: "feed settings", url: () => "/admin/settings", loader: COORDINATORS, action: { access: COORDINATORS, form: () => ({ intent: "nonsense" }) } },
    // The organisation's contact is shown to the public: only admins change it.
    {
      name: "organisation contact",
      url: () => "/admin/settings",
      action: { access: ADMINS, form: () => ({ intent: "organisation", name: "MTÜ Tuttav", phone: "+372 5555 0100", email: "info@tuttav.test" }) },
    },
  ],

  // A language's messages: the same public file for everyone (an unknown hash gets today's, uncached).
  "locales.$file.ts": [{ name: "messages file", url: () => "/locales/en.AAAAAAAAAAAAAAAA.json", params: () => ({ file: "en.AAAAAAAAAAAAAAAA.json" }), loader: EVERYONE }],
  "feeds.events[.]ics.ts": [{ name: "public feed", url: () => "/feeds/events.ics", loader: EVERYONE }],
  "feeds.regions.$code[.]ics.ts": [{ name: "region feed", url: () => "/feeds/regions/EE-74.ics", params: () => ({ code: "EE-74" }), loader: EVERYONE }],
  "feeds.venues.$id[.]ics.ts": [{ name: "venue feed", url: (f) => `/feeds/venues/${f.venueId}.ics`, params: (f) => ({ id: String(f.venueId) }), loader: EVERYONE }],
  "events.$id.calendar[.]ics.ts": [
    { name: "event download", url: (f) => `/events/${f.upcomingEventId}/calendar.ics`, params: (f) => ({ id: String(f.upcomingEventId) }), loader: EVERYONE },
    { name: "draft event download", url: (f) => `/events/${f.draftEventId}/calendar.ics`, params: (f) => ({ id: String(f.draftEventId) }), loader: NOBODY },
  ],
  "feeds.me.$token[.]ics.ts": [
    { name: "participant feed", url: (_f, c) => `/feeds/me/${participantLink(c)}.ics`, params: (_f, c) => ({ token: participantLink(c) }), loader: OWN_LINK },
  ],
  "feeds.coordinator.$token[.]ics.ts": [
    {
      name: "coordinator feed",
      url: (_f, c) => `/feeds/coordinator/${tokenFor(c, "coordinatorFeed")}.ics`,
      params: (_f, c) => ({ token: tokenFor(c, "coordinatorFeed") }),
      loader: COORDINATORS,
    },
  ],
};

let test: TestDatabase;
let f: TrustFixtures;
beforeAll(async () => {
  test = await createTestDatabase();
  f = await buildTrustFixtures(test.db);
});
afterAll(() => test.close());

let ip = 0;
const context = () => ({ clientIp: `198.51.100.${++ip % 250}-${ip}` });

type Observed = { file: string; name: string; kind: "loader" | "action"; role: Role; status: number; body: string };
const observedGets: Observed[] = [];

function cellsOf(kind: "loader" | "action") {
  return Object.entries(MATRIX).flatMap(([file, cases]) => cases.flatMap((c) => (c[kind] ? ROLES.map((role) => ({ file, c, role })) : [])));
}

async function run(file: string, c: Case, role: Role, kind: "loader" | "action"): Promise<Response> {
  const mod = await importRoute(file);
  const credentials = f.credentials[role];
  const url = c.url(f, credentials);
  const request = kind === "loader" ? getRequest(url, { cookie: credentials.cookie }) : formRequest(url, c.action!.form(f), { cookie: credentials.cookie });
  const fn = kind === "loader" ? mod.loader! : mod.action!;
  return settle(() => fn({ request, params: c.params?.(f, credentials) ?? {}, context: kind === "action" ? context() : {} }));
}

describe("authorisation matrix", () => {
  it("names every route file in app/routes, and matches each module's loader and action", async () => {
    const files = listRouteFiles();
    expect(
      files.filter((file) => !(file in MATRIX)),
      "route files missing from the matrix",
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((file) => !files.includes(file)),
      "matrix entries without a route file",
    ).toEqual([]);
    for (const file of files) {
      const mod = await importRoute(file);
      const cases = MATRIX[file];
      expect(typeof mod.loader === "function", `${file}: loader in the table`).toBe(cases.some((c) => c.loader));
      expect(typeof mod.action === "function", `${file}: action in the table`).toBe(cases.some((c) => c.action));
    }
  });

  it("lets each role GET exactly what the table allows, and no GET changes a row", async () => {
    const before = await rowCounts(test.db);
    const failures: string[] = [];
    for (const { file, c, role } of cellsOf("loader")) {
      const response = await run(file, c, role, "loader");
      const outcome = classify(response, "loader");
      if (outcome !== c.loader![role])
        failures.push(`GET ${c.name} (${file}) as ${role}: expected ${c.loader![role]}, got ${outcome} (${response.status} ${response.headers.get("Location") ?? ""})`);
      observedGets.push({ file, name: c.name, kind: "loader", role, status: response.status, body: response.status === 200 ? await response.text() : "" });
    }
    expect(failures).toEqual([]);
    expect(await rowCounts(test.db)).toEqual(before);
    expect(observedGets.length).toBe(cellsOf("loader").length);
  });

  it("lets each role POST exactly what the table allows; a refused POST writes nothing", async () => {
    const failures: string[] = [];
    // Logging out deletes the session, so the same cookie opens nothing after it: logout goes last.
    const cells = cellsOf("action").sort((a, b) => Number(a.file === "logout.tsx") - Number(b.file === "logout.tsx"));
    for (const { file, c, role } of cells) {
      const before = await rowCounts(test.db);
      const response = await run(file, c, role, "action");
      const outcome = classify(response, "action");
      if (outcome !== c.action!.access[role])
        failures.push(`POST ${c.name} (${file}) as ${role}: expected ${c.action!.access[role]}, got ${outcome} (${response.status} ${response.headers.get("Location") ?? ""})`);
      if (outcome === "deny") {
        const after = await rowCounts(test.db);
        if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`POST ${c.name} as ${role} was refused but changed rows`);
      }
    }
    expect(failures).toEqual([]);
    // The one allowed answer to P1's invitation went through; P2's link could not touch it.
    const invitation = await test.db.selectFrom("assignment").select("status").where("id", "=", f.p1InvitationId).executeTakeFirstOrThrow();
    expect(invitation.status).toBe("declined");
  });

  it("covers every route × role", () => {
    const loaders = cellsOf("loader").length;
    const actions = cellsOf("action").length;
    const files = Object.keys(MATRIX).length;
    // Printed for the report: how much the matrix covers.
    console.info(
      `authorisation matrix: ${files} route files, ${loaders / ROLES.length} loader and ${actions / ROLES.length} action cases × ${ROLES.length} roles = ${loaders + actions} cells`,
    );
    expect(loaders + actions).toBeGreaterThan(300);
  });
});

describe("personal data", () => {
  const personal = (p: PersonalData) => [p.lastName, p.email, p.phone, p.dietary];
  const ownerOf: Partial<Record<Role, "p1" | "p2">> = { participant: "p1", otherParticipant: "p2" };

  /** Values under keys about origin or gender anywhere in a JSON document. */
  function originAndGender(value: unknown, found: string[] = []): string[] {
    if (Array.isArray(value)) value.forEach((v) => originAndGender(v, found));
    else if (value && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        if (/country|origin|gender/i.test(key) && typeof v === "string") found.push(v);
        else originAndGender(v, found);
      }
    }
    return found;
  }

  it("is never in what a non-coordinator can open, except a participant's own", () => {
    const pages = observedGets.filter((o) => o.status === 200 && o.role !== "coordinator" && o.role !== "admin");
    expect(pages.length).toBeGreaterThan(50);
    const leaks: string[] = [];
    for (const page of pages) {
      // iCalendar folds long lines; unfold before searching.
      const text = page.body.replace(/\r\n[ \t]/g, "");
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        // Not JSON (a calendar feed): the text search covers it.
      }
      const origins = originAndGender(json);
      for (const key of ["p1", "p2", "p3"] as const) {
        if (ownerOf[page.role] === key) continue;
        const person = f.people[key];
        for (const value of personal(person)) if (text.includes(value)) leaks.push(`${page.name} as ${page.role} shows ${key}'s ${value}`);
        for (const value of [person.countryOfOrigin, person.gender]) if (origins.includes(value)) leaks.push(`${page.name} as ${page.role} shows ${key}'s origin/gender ${value}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it("the searches find what is there: own data on one's own page, first names and offers for hosts", () => {
    const body = (name: string, role: Role) => observedGets.find((o) => o.name === name && o.role === role)?.body ?? "";
    const own = body("participant page", "participant");
    for (const value of personal(f.people.p1)) expect(own).toContain(value);
    expect(body("participant page", "otherParticipant")).toContain(f.people.p2.lastName);
    expect(originAndGender(JSON.parse(own))).toEqual(expect.arrayContaining([f.people.p1.countryOfOrigin, f.people.p1.gender]));
    expect(body("my data download", "participant")).toContain(f.people.p1.email);

    const host = JSON.parse(body("host status", "host"));
    expect(host.events[0].lineUp).toEqual([{ firstName: f.people.p1.firstName, offer: "crafts" }]);
    // Invited but not yet accepted: not in the host's line-up.
    expect(JSON.stringify(host)).not.toContain(f.people.p2.firstName);
    // Public pages name a participant only if they opted in (P1 has not): what P1 brings is there, not who.
    expect(body("public event", "anonymous")).not.toContain(f.people.p1.firstName);
    expect(JSON.parse(body("public event", "anonymous")).event.lineUp).toEqual({ named: [], others: 1, otherOffers: ["crafts"] });

    // Coordinators do see it.
    expect(body("participant (coordinator view)", "coordinator")).toContain(f.people.p1.phone);
    expect(body("participant CSV export", "admin")).toContain(f.people.p2.email);
  });
});

describe("cookies in production", () => {
  it("are Secure as well as HttpOnly and SameSite=Lax when the server runs with NODE_ENV=production", async () => {
    const saved = { nodeEnv: process.env.NODE_ENV, secret: process.env.SESSION_SECRET };
    process.env.NODE_ENV = "production";
    process.env.SESSION_SECRET = "a production secret for this test";
    try {
      // The cookie settings are read when the modules load: load fresh copies in "production".
      vi.resetModules();
      const { sessionStorage } = await import("~/utils/session.server");
      const { localeCookie } = await import("~/i18n/i18next.server");
      const session = await sessionStorage.getSession();
      session.set("token", "a-session-token");
      for (const cookie of [await sessionStorage.commitSession(session), await localeCookie.serialize("en")]) {
        expect(cookie).toMatch(/; Secure/);
        expect(cookie).toMatch(/; HttpOnly/);
        expect(cookie).toMatch(/; SameSite=Lax/);
      }
      // Without a secret, production refuses to start rather than sign with a known one.
      delete process.env.SESSION_SECRET;
      vi.resetModules();
      await expect(import("~/utils/session.server")).rejects.toThrow(/SESSION_SECRET/);
    } finally {
      process.env.NODE_ENV = saved.nodeEnv;
      if (saved.secret === undefined) delete process.env.SESSION_SECRET;
      else process.env.SESSION_SECRET = saved.secret;
      vi.resetModules();
    }
    const { sessionStorage } = await import("~/utils/session.server");
    expect(await sessionStorage.commitSession(await sessionStorage.getSession())).not.toMatch(/; Secure/);
  });
});
