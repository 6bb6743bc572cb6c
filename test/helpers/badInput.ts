import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { IMPORT_COLUMNS } from "~/schemas/participantImport";
import { LOCALES } from "~/domain/vocabulary";
import { resources } from "~/i18n/resources";
import { issueToken } from "~/models/token.server";
import { localDateOf } from "~/domain/schedule";
import { errorKey } from "~/utils/errorKey";
import { readMessage } from "~/utils/validationMessages";

import { createTestDatabase, rowCounts, type TestDatabase } from "./db";
import { loginAsNewCoordinator } from "./auth";
import { eventFormFields, seriesFormFields, signUpFields } from "./forms";
import { buildTrustFixtures, importRoute, listRouteFiles, type TrustFixtures } from "./matrix";
import { getRequest } from "./requests";

type Fields = Record<string, string | string[]>;
type Entry = { name: string; value?: string; repeat?: string; times?: number };

const CORPUS: { name: string; value: string }[] = (JSON.parse(fs.readFileSync(path.resolve(__dirname, "../fixtures/bad-input/corpus.json"), "utf8")) as Entry[]).map((e) => ({
  name: e.name,
  value: e.repeat !== undefined ? e.repeat.repeat(e.times ?? 1) : e.value!,
}));

let test: TestDatabase;
let f: TrustFixtures;
let adminCookie: string;
let meToken: string;
let meParticipantId: number;
let meInvitationId: number;
let meStartedAssignmentId = 0;
let newLinkRequestId: number;
/** A started event of the host's request with one accepted person, so the attendance forms can succeed. */
let startedEvent: { id: number; assignmentId: number };
let outbox: string;
const account = { cookie: "", password: "a long test password" };

const DAY = 86_400_000;
const inDays = (n: number) => localDateOf(new Date(Date.now() + n * DAY).toISOString());

/**
 * Builds this file's database and fixtures (each test file gets its own, so the corpus can be
 * split over files that run in parallel and each finish well within vitest's worker timeouts).
 */
export function useBadInputFixtures() {
  beforeAll(async () => {
    outbox = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-outbox-")), "outbox.jsonl");
    process.env.MAIL_OUTBOX_PATH = outbox;
    // The mailer says where each sign-up's link went; thousands of those lines would bury the result.
    vi.spyOn(console, "log").mockImplementation(() => {});
    test = await createTestDatabase();
    f = await buildTrustFixtures(test.db);
    adminCookie = f.credentials.admin.cookie!;
    // The participant whose own forms are fuzzed, so the fixtures' people stay as they are.
    meParticipantId = f.people.p2.id;
    meToken = f.credentials.otherParticipant.participant!;
    meInvitationId = (await test.db.selectFrom("assignment").select("id").where("participant_id", "=", meParticipantId).executeTakeFirstOrThrow()).id;
    account.cookie = (await loginAsNewCoordinator("coordinator")).cookie;
    // The request whose link is already revoked gets the new links, so the host's working link stays as it is.
    newLinkRequestId = (await test.db.selectFrom("event_request").select("id").where("organisation", "=", "Revoked Kohvik").executeTakeFirstOrThrow()).id;
    await test.db.insertInto("feedback").values({ event_id: f.pastEventId, author_kind: "local", rating: 4, text: "Tore", created_at: new Date().toISOString() }).execute();
    startedEvent = await startedEventOfHost();
    meStartedAssignmentId = await addToStartedEvent(meParticipantId);
  });
  afterAll(async () => {
    delete process.env.MAIL_OUTBOX_PATH;
    await test.close();
  });
}

/** Copies the fixtures' past event as one of the host's request, with P1 accepted (for the attendance forms). */
async function startedEventOfHost(): Promise<{ id: number; assignmentId: number }> {
  const { id: _id, ...past } = await test.db.selectFrom("event").selectAll().where("id", "=", f.pastEventId).executeTakeFirstOrThrow();
  const id = (
    await test.db
      .insertInto("event")
      .values({ ...past, request_id: f.hostRequestId })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const slotId = (await test.db.insertInto("event_slot").values({ event_id: id, offer: null, position: 0 }).returning("id").executeTakeFirstOrThrow()).id;
  const at = new Date().toISOString();
  const assignmentId = (
    await test.db
      .insertInto("assignment")
      .values({
        event_id: id,
        slot_id: slotId,
        participant_id: f.people.p1.id,
        status: "accepted",
        explanation: "[]",
        travel_minutes: 30,
        invited_at: at,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  return { id, assignmentId };
}

/** The fuzzed participant said yes to the host's started event too, so their feedback and travel claim forms can succeed (issues 16, 17). */
async function addToStartedEvent(participantId: number): Promise<number> {
  const slotId = (await test.db.insertInto("event_slot").values({ event_id: startedEvent.id, offer: null, position: 1 }).returning("id").executeTakeFirstOrThrow()).id;
  const at = new Date().toISOString();
  return test.db
    .insertInto("assignment")
    .values({
      event_id: startedEvent.id,
      slot_id: slotId,
      participant_id: participantId,
      status: "accepted",
      explanation: "[]",
      travel_minutes: 30,
      invited_at: at,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow()
    .then((row) => row.id);
}

// ---------------------------------------------------------------------------------------------
// Judging one answer

function hasKey(key: string): boolean {
  return LOCALES.every((locale) => {
    let node: unknown = resources[locale].translation;
    for (const part of key.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
    if (typeof node === "string") return true;
    // A plural key: the parent holds key_one/key_other.
    const parent = key.split(".").slice(0, -1);
    let holder: unknown = resources[locale].translation;
    for (const part of parent) holder = holder && typeof holder === "object" ? (holder as Record<string, unknown>)[part] : undefined;
    return typeof (holder as Record<string, unknown> | undefined)?.[`${key.split(".").at(-1)}_other`] === "string";
  });
}

/** Placeholders of a message's text, in any language, that the message brings no value for (i18next would leave them empty). */
function unfilledValues(message: string): string[] {
  const { key, params } = readMessage(message);
  const names = new Set<string>();
  for (const locale of LOCALES) {
    const parts = key.split(".");
    const holder = parts
      .slice(0, -1)
      .reduce<unknown>((o, part) => (o && typeof o === "object" ? (o as Record<string, unknown>)[part] : undefined), resources[locale].translation) as
      Record<string, unknown> | undefined;
    for (const [name, text] of Object.entries(holder ?? {})) {
      // The key itself and its plural forms.
      if ((name === parts.at(-1) || /^_(zero|one|two|few|many|other)$/.test(name.slice(parts.at(-1)!.length))) && name.startsWith(parts.at(-1)!) && typeof text === "string") {
        for (const m of text.matchAll(/\{\{\s*(\w+)/g)) if (!(m[1] in params)) names.add(m[1]);
      }
    }
  }
  return [...names];
}

/** The field errors of an answer, as sent. */
function fieldErrors(body: unknown): string[] {
  const errors = body && typeof body === "object" ? (body as Record<string, unknown>).errors : undefined;
  if (!errors || typeof errors !== "object") return [];
  // Forms answer { field: message }; the CSV import a list of { row, field, message }.
  return Object.values(errors)
    .map((v: unknown) => (typeof v === "object" && v !== null ? (v as { message?: unknown }).message : v))
    .filter((v): v is string => typeof v === "string");
}

/** The messages an answer asks the page to show: i18n keys, field errors with the limits they name. */
function messageKeys(body: unknown): string[] {
  if (!body || typeof body !== "object") return [];
  const b = body as Record<string, unknown>;
  const keys: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === "string" && v) keys.push(v);
  };
  // A page with several forms names each form's field errors (e.g. the settings' travelErrors).
  for (const errors of [b.errors, b.travelErrors]) {
    if (errors && typeof errors === "object") for (const v of Object.values(errors as object)) add(typeof v === "object" && v !== null ? (v as { message?: string }).message : v);
  }
  for (const field of ["formError", "message", "error", "eraseError"]) add(b[field]);
  // A refusal without its own message is the participant's invitation page's.
  if (typeof b.refusal === "string" && !b.message) add(`participantInvitation.refused.${b.refusal}`);
  if (typeof b.result === "string" && b.result !== "withdrawDone") add(`requestStatus.${b.result}`);
  if (b.outcome === "alreadyHandled") add("requestInbox.alreadyHandled");
  return keys;
}

type Answer = { status: number; thrown: boolean; body: unknown; location: string | null; crash?: string };

async function answer(run: () => Promise<unknown>): Promise<Answer> {
  let result: unknown;
  let thrown = false;
  try {
    result = await run();
  } catch (error) {
    if (!(error instanceof Response))
      return { status: 500, thrown: true, body: null, location: null, crash: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : String(error) };
    result = error;
    thrown = true;
  }
  if (!(result instanceof Response)) return { status: 200, thrown, body: result, location: null };
  const text = await result.text();
  let body: unknown = text;
  if ((result.headers.get("Content-Type") ?? "").includes("json")) body = JSON.parse(text);
  if (result.headers.get("Set-Cookie") && result.status === 200 && body && typeof body === "object")
    (body as Record<string, unknown>).__setCookie = result.headers.get("Set-Cookie");
  return { status: result.status, thrown, body, location: result.headers.get("Location") };
}

/**
 * What every bad input must come to: a refusal with messages that exist in all four languages and
 * nothing written, or an answer that stored it (to be shown escaped); never a crash.
 */
async function judge(label: string, run: () => Promise<unknown>, failures: string[]): Promise<Answer> {
  const before = await rowCounts(test.db);
  const a = await answer(run);
  if (a.crash || a.status >= 500) {
    failures.push(`${label}: crashed (${a.status}) ${a.crash ?? ""}`);
    return a;
  }
  if (a.status >= 400) {
    const after = await rowCounts(test.db);
    if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${label}: refused with ${a.status} but wrote rows`);
    // A thrown Response becomes the root error page, which is translated; an answer must name its messages.
    if (!a.thrown) {
      const keys = messageKeys(a.body);
      if (keys.length === 0) failures.push(`${label}: ${a.status} without a message (${JSON.stringify(a.body).slice(0, 120)})`);
      for (const message of keys) {
        const { key } = readMessage(message);
        if (!hasKey(key)) failures.push(`${label}: message ${key} is missing in some language`);
      }
      // A field error brings every value its text names (the limit, what was typed).
      for (const message of fieldErrors(a.body)) for (const name of unfilledValues(message)) failures.push(`${label}: message ${message} leaves {{${name}}} empty`);
    }
  }
  if (a.location && (!a.location.startsWith("/") || a.location.startsWith("//"))) failures.push(`${label}: redirects off-site to ${a.location}`);
  return a;
}

// ---------------------------------------------------------------------------------------------
// The forms

type FormSpec = {
  name: string;
  file: string;
  url: () => string;
  params?: () => Record<string, string>;
  cookie?: () => string;
  baseline: (i: number) => Fields;
  /** Called after an accepted post (e.g. to keep a changed password). */
  accepted?: (fields: Fields, a: Answer) => void;
  multipart?: boolean;
};

let n = 0;
const unique = () => ++n;

const participantForm = (i: number, mode: "join" | "profile"): Fields => {
  const { consent, ...fields } = signUpFields({
    intent: mode,
    email: mode === "join" ? `olena${i}@example.org` : f.people.p2.email,
    phone: "+372 5123 4567",
    lang_code: ["uk", "ru"],
    lang_level: ["native", "fluent"],
    unavailable_dates: [inDays(40)],
    dietary: "halal",
  });
  return mode === "join" ? { ...fields, consent } : fields;
};

const eventForm = (): Fields => eventFormFields(f.venueId, { title_et: "Saame tuttavaks!", title_en: "Let's get to know each other!", date: inDays(45) });

const seriesForm = (): Fields => seriesFormFields(f.venueId, { startDate: inDays(50), count: "3" });

const importCsv = (i: number, change?: { column: string; value: string }) => {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const row = IMPORT_COLUMNS.map((c) => (change?.column === c.name ? change.value : c.name === "email" ? `import${i}@example.org` : c.example));
  return `${IMPORT_COLUMNS.map((c) => c.name).join(",")}\r\n${row.map(quote).join(",")}\r\n`;
};

const FORMS: FormSpec[] = [
  {
    name: "host request",
    file: "_public.request.tsx",
    url: () => "/request",
    baseline: () => ({
      organisation: "Orissaare Raamatukogu",
      contactName: "Kadri Kask",
      email: "kadri@orissaare.example",
      phone: "+372 5555 1234",
      townId: String(f.townId),
      venue: "new",
      venueName: "Raamatukogu saal",
      venueAddress: "Kuivastu mnt 25",
      venueCapacity: "45",
      venueStepFree: "on",
      kind: "community_event",
      windowFrom: inDays(10),
      windowTo: inDays(60),
      weekdays: ["6"],
      timeOfDay: "evening",
      expectedAudience: "35",
      localLanguages: ["et", "ru"],
      wishes: ["crafts", "food"],
      message: "Raamatukogu juubel.",
    }),
  },
  { name: "sign-up", file: "_public.join.tsx", url: () => "/join", baseline: (i) => participantForm(i, "join") },
  { name: "lost link", file: "_public.me.lost.tsx", url: () => "/me/lost", baseline: () => ({ email: "nobody@example.org" }) },
  { name: "host lost link", file: "_public.request_.lost.tsx", url: () => "/request/lost", baseline: () => ({ email: "nobody@example.org" }) },
  { name: "login", file: "_public.login.tsx", url: () => "/login", baseline: () => ({ redirectTo: "/admin/events", email: "nobody@example.org", password: "wrong" }) },
  {
    name: "feedback",
    file: "_public.events.$id_.feedback.tsx",
    url: () => `/events/${f.pastEventId}/feedback`,
    params: () => ({ id: String(f.pastEventId) }),
    baseline: () => ({ rating: "5", text: "Väga tore!" }),
  },
  {
    name: "host withdraw",
    file: "_public.request_.status.$token.tsx",
    url: () => `/request/status/${f.credentials.host.host}`,
    params: () => ({ token: f.credentials.host.host! }),
    baseline: () => ({ intent: "withdraw" }),
  },
  {
    name: "host attendance",
    file: "_public.request_.status.$token.tsx",
    url: () => `/request/status/${f.credentials.host.host}`,
    params: () => ({ token: f.credentials.host.host! }),
    baseline: () => ({ intent: "attendance", eventId: String(startedEvent.id), assignmentId: String(startedEvent.assignmentId), [`came-${startedEvent.assignmentId}`]: "yes" }),
  },
  {
    name: "host feedback",
    file: "_public.request_.status.$token.tsx",
    url: () => `/request/status/${f.credentials.host.host}`,
    params: () => ({ token: f.credentials.host.host! }),
    baseline: () => ({ intent: "feedback", eventId: String(startedEvent.id), rating: "4", text: "Saal oli täis." }),
  },
  {
    name: "participant feedback",
    file: "_public.me.$token.tsx",
    url: () => `/me/${meToken}`,
    params: () => ({ token: meToken }),
    baseline: () => ({ intent: "feedback", eventId: String(startedEvent.id), rating: "5", text: "Väga tore." }),
  },
  {
    name: "travel claim",
    file: "_public.me.$token_.claims.$assignmentId.tsx",
    url: () => `/me/${meToken}/claims/${meStartedAssignmentId}`,
    params: () => ({ token: meToken, assignmentId: String(meStartedAssignmentId) }),
    baseline: () => ({ line_kind: "bus", line_amount: "12,50", line_km: "", iban: "EE382200221020145685", account_holder: "Mari Maasikas" }),
  },
  { name: "participant profile", file: "_public.me.$token.tsx", url: () => `/me/${meToken}`, params: () => ({ token: meToken }), baseline: (i) => participantForm(i, "profile") },
  {
    name: "participant pause",
    file: "_public.me.$token.tsx",
    url: () => `/me/${meToken}`,
    params: () => ({ token: meToken }),
    baseline: () => ({ intent: "pause", paused_until: inDays(20) }),
  },
  {
    name: "participant answer",
    file: "_public.me.$token.tsx",
    url: () => `/me/${meToken}`,
    params: () => ({ token: meToken }),
    baseline: () => ({ intent: "decline", assignment_id: String(meInvitationId), reason: "Olen haige" }),
  },
  {
    name: "participant erase",
    file: "_public.me.$token.tsx",
    url: () => `/me/${meToken}`,
    params: () => ({ token: meToken }),
    baseline: () => ({ intent: "erase", confirm: "no" }),
  },
  {
    name: "participant reminders",
    file: "_public.me.$token.tsx",
    url: () => `/me/${meToken}`,
    params: () => ({ token: meToken }),
    baseline: () => ({ intent: "reminders", reminders: "off" }),
  },
  { name: "new event", file: "admin.events.new.tsx", url: () => "/admin/events/new", cookie: () => adminCookie, baseline: eventForm },
  {
    name: "edit event",
    file: "admin.events.$id.tsx",
    url: () => `/admin/events/${f.draftEventId}`,
    params: () => ({ id: String(f.draftEventId) }),
    cookie: () => adminCookie,
    baseline: eventForm,
  },
  {
    name: "event transition",
    file: "admin.events.$id.tsx",
    url: () => `/admin/events/${f.upcomingEventId}`,
    params: () => ({ id: String(f.upcomingEventId) }),
    cookie: () => adminCookie,
    baseline: () => ({ intent: "transition", to: "confirmed", reason: "" }),
  },
  {
    name: "forum outcome",
    file: "admin.events.$id.tsx",
    url: () => `/admin/events/${f.pastEventId}`,
    params: () => ({ id: String(f.pastEventId) }),
    cookie: () => adminCookie,
    baseline: () => ({ intent: "outcome", outcomeSaid: "Rohkem pinke", outcomeDone: "Tõime pingid" }),
  },
  {
    name: "feedback response",
    file: "admin.events.$id.tsx",
    url: () => `/admin/events/${f.pastEventId}`,
    params: () => ({ id: String(f.pastEventId) }),
    cookie: () => adminCookie,
    baseline: () => ({ intent: "respond", feedbackId: "1", response: "Aitäh!" }),
  },
  {
    name: "told by phone",
    file: "admin.events.$id.tsx",
    url: () => `/admin/events/${f.pastEventId}`,
    params: () => ({ id: String(f.pastEventId) }),
    cookie: () => adminCookie,
    baseline: () => ({ intent: "told", messageId: "1" }),
  },
  {
    name: "attendance (coordinator)",
    file: "admin.events.$id.tsx",
    url: () => `/admin/events/${startedEvent.id}`,
    params: () => ({ id: String(startedEvent.id) }),
    cookie: () => adminCookie,
    baseline: () => ({ intent: "attendance", assignmentId: String(startedEvent.assignmentId), [`came-${startedEvent.assignmentId}`]: "no", localsCount: "24" }),
  },
  { name: "new series", file: "admin.series.new.tsx", url: () => "/admin/series/new", cookie: () => adminCookie, baseline: seriesForm },
  // Accepting a cosy-corner request as a series: the series form plus the request (none such here, so a valid form ends in 404).
  {
    name: "series from request",
    file: "admin.series.new.tsx",
    url: () => "/admin/series/new",
    cookie: () => adminCookie,
    baseline: () => ({ ...seriesForm(), requestId: "999999" }),
  },
  {
    name: "edit series",
    file: "admin.series.$id.tsx",
    url: () => `/admin/series/${f.seriesId}`,
    params: () => ({ id: String(f.seriesId) }),
    cookie: () => adminCookie,
    baseline: seriesForm,
  },
  {
    name: "plan series drafts",
    file: "admin.series.$id.tsx",
    url: () => `/admin/series/${f.seriesId}`,
    params: () => ({ id: String(f.seriesId) }),
    cookie: () => adminCookie,
    baseline: () => ({ intent: "plan_drafts" }),
  },
  {
    name: "request decision",
    file: "admin.requests.tsx",
    url: () => "/admin/requests",
    cookie: () => adminCookie,
    baseline: () => ({ intent: "decline", requestId: String(f.hostRequestId), reason: "Liiga kaugel" }),
  },
  {
    name: "host link (coordinator)",
    file: "admin.requests.tsx",
    url: () => "/admin/requests",
    cookie: () => adminCookie,
    baseline: () => ({ intent: "new_link", requestId: String(newLinkRequestId) }),
  },
  {
    name: "participant link (coordinator)",
    file: "admin.participants.$id.tsx",
    url: () => `/admin/participants/${f.people.p3.id}`,
    params: () => ({ id: String(f.people.p3.id) }),
    cookie: () => adminCookie,
    baseline: () => ({ intent: "new-link", confirm: "yes" }),
  },
  {
    name: "erase on request (coordinator)",
    file: "admin.participants.$id.tsx",
    url: () => `/admin/participants/${f.people.p3.id}`,
    params: () => ({ id: String(f.people.p3.id) }),
    cookie: () => adminCookie,
    baseline: () => ({ intent: "erase", confirm: "no" }),
  },
  {
    name: "matching constraint",
    file: "admin.matching.tsx",
    url: () => `/admin/matching?from=${inDays(1)}&to=${inDays(30)}`,
    cookie: () => adminCookie,
    baseline: () => ({ intent: "constraint", participantId: String(f.people.p1.id), eventId: String(f.upcomingEventId), kind: "none" }),
  },
  {
    name: "series constraint",
    file: "admin.matching.tsx",
    url: () => `/admin/matching?from=${inDays(1)}&to=${inDays(30)}`,
    cookie: () => adminCookie,
    baseline: () => ({ intent: "series_constraint", participantId: String(f.people.p1.id), seriesId: String(f.seriesId), kind: "none" }),
  },
  {
    name: "claims decision",
    file: "admin.claims.tsx",
    url: () => "/admin/claims",
    cookie: () => adminCookie,
    baseline: () => ({ intent: "reject", ids: "999999", reason: "Piletit pole lisatud" }),
  },
  { name: "payment batch paid", file: "admin.claims.tsx", url: () => "/admin/claims", cookie: () => adminCookie, baseline: () => ({ intent: "paid", batch_id: "999999" }) },
  {
    name: "travel settings",
    file: "admin.settings.tsx",
    url: () => "/admin/settings",
    cookie: () => adminCookie,
    baseline: () => ({ intent: "travel", km_rate_cents: "20", legal_name: "MTÜ Tuttav", iban: "EE382200221020145685", bic: "" }),
  },
  {
    name: "matching accept",
    file: "admin.matching.tsx",
    url: () => `/admin/matching?from=${inDays(1)}&to=${inDays(30)}`,
    cookie: () => adminCookie,
    baseline: () => ({ intent: "accept", fingerprint: "stale" }),
  },
  { name: "feed links", file: "admin.settings.tsx", url: () => "/admin/settings", cookie: () => adminCookie, baseline: () => ({ intent: "revoke", token_id: "999999" }) },
  { name: "outbox retry or cancel", file: "admin.outbox.tsx", url: () => "/admin/outbox", cookie: () => adminCookie, baseline: () => ({ intent: "cancel", id: "999999" }) },
  { name: "morning digest", file: "admin.account.tsx", url: () => "/admin/account", cookie: () => adminCookie, baseline: () => ({ intent: "digest", digest: "on" }) },
  {
    name: "organisation contact",
    file: "admin.settings.tsx",
    url: () => "/admin/settings",
    cookie: () => adminCookie,
    baseline: () => ({ intent: "organisation", name: "MTÜ Tuttav", phone: "+372 5555 0100", email: "info@tuttav.test" }),
  },
  {
    name: "new coordinator",
    file: "admin.users.tsx",
    url: () => "/admin/users",
    cookie: () => adminCookie,
    baseline: (i) => ({
      intent: "create",
      name: "Maria Mets",
      email: `maria${i}@example.org`,
      role: "coordinator",
      password: "saare kohvik ja kaneelisai",
      passwordAgain: "saare kohvik ja kaneelisai",
    }),
  },
  {
    name: "disable coordinator",
    file: "admin.users.tsx",
    url: () => "/admin/users",
    cookie: () => adminCookie,
    baseline: () => ({ intent: "toggle", userId: "999999", disabled: "1" }),
  },
  {
    name: "own password",
    file: "admin.account.tsx",
    url: () => "/admin/account",
    cookie: () => account.cookie,
    baseline: (i) => ({ intent: "password", current: account.password, password: `lumi sajab vaikselt ${i}`, passwordAgain: `lumi sajab vaikselt ${i}` }),
    accepted: (fields, a) => {
      // A changed password ends other sessions; this one continues with the cookie it got back.
      account.password = fields.password as string;
      const setCookie = (a.body as { __setCookie?: string }).__setCookie;
      if (setCookie) account.cookie = setCookie.split(";")[0];
    },
  },
  {
    name: "participant import",
    file: "admin.participants.import.tsx",
    url: () => "/admin/participants/import",
    cookie: () => adminCookie,
    multipart: true,
    baseline: (i) => ({ file: importCsv(i) }),
  },
  { name: "logout", file: "logout.tsx", url: () => "/logout", baseline: () => ({}) },
];

function buildRequest(spec: FormSpec, fields: Fields, files: Record<string, string> = {}): Request {
  const headers = new Headers();
  if (spec.cookie) headers.set("Cookie", spec.cookie());
  const url = new URL(spec.url(), "http://localhost");
  if (spec.multipart || Object.keys(files).length > 0) {
    const body = new FormData();
    for (const [key, value] of Object.entries(fields)) {
      if (spec.multipart && key === "file") body.append("file", new File([value as string], "participants.csv", { type: "text/csv" }));
      else for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    for (const [key, value] of Object.entries(files)) body.append(key, new File([value], "x.txt", { type: "text/plain" }));
    return new Request(url, { method: "POST", body, headers });
  }
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request(url, { method: "POST", body, headers });
}

/** What a browser would send for a string with lone surrogates (they become U+FFFD). */
const toWellFormed = (value: string): string => (value as string & { toWellFormed(): string }).toWellFormed();

let ip = 0;
const counts = { posts: 0, forms: 0, fields: 0 };

async function post(spec: FormSpec, label: string, fields: Fields, failures: string[], files?: Record<string, string>) {
  const mod = await importRoute(spec.file);
  counts.posts += 1;
  const a = await judge(
    `${spec.name}: ${label}`,
    () => mod.action!({ request: buildRequest(spec, fields, files), params: spec.params?.() ?? {}, context: { clientIp: `bad-input-${++ip}` } }),
    failures,
  );
  if (a.status < 400 && spec.accepted) spec.accepted(fields, a);
  return a;
}

/** The forms each test file fuzzes: split so that every file finishes well under a minute. */
export const FORM_GROUPS = {
  public: ["host request", "sign-up", "lost link", "host lost link", "login", "feedback", "host withdraw", "host attendance", "host feedback"],
  participant: ["participant profile", "participant pause", "participant answer", "participant erase", "participant feedback", "travel claim"],
  events: [
    "new event",
    "edit event",
    "event transition",
    "forum outcome",
    "feedback response",
    "told by phone",
    "attendance (coordinator)",
    "new series",
    "series from request",
    "edit series",
    "plan series drafts",
  ],
  coordination: [
    "request decision",
    "host link (coordinator)",
    "participant link (coordinator)",
    "erase on request (coordinator)",
    "matching constraint",
    "series constraint",
    "claims decision",
    "payment batch paid",
    "matching accept",
    "feed links",
    "disable coordinator",
    "participant import",
    "logout",
  ],
  newCoordinator: ["new coordinator", "organisation contact", "travel settings"],
  ownPassword: ["own password"],
  outbox: ["outbox retry or cancel", "morning digest", "participant reminders"],
} as const satisfies Record<string, readonly string[]>;

export const FORM_NAMES: readonly string[] = FORMS.map((spec) => spec.name);

/** Lets vitest's worker answer its RPC: awaited database calls resolve without ever reaching the event loop. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Every field of each form in the group × every bad value, missing, doubled, wrongly typed. */
export function describeFormCorpus(group: keyof typeof FORM_GROUPS) {
  const specs = FORM_GROUPS[group].map((name) => {
    const spec = FORMS.find((s) => s.name === name);
    if (!spec) throw new Error(`No form named ${name}`);
    return spec;
  });
  describe(`bad input to every form (${group})`, () => {
    for (const spec of specs) {
      it(`${spec.name}: every field × every bad value, missing, doubled, wrongly typed`, { timeout: 120_000 }, async () => {
        const failures: string[] = [];
        counts.forms += 1;
        const fieldNames = Object.keys(spec.baseline(0));
        counts.fields += fieldNames.length + 1;
        // The baseline itself is a valid submission.
        const base = await post(spec, "baseline", spec.baseline(unique()), failures);
        expect(base.status, `${spec.name} baseline: ${JSON.stringify(base.body).slice(0, 300)}`).toBeLessThan(500);

        for (const field of [...fieldNames, "unexpected_field"]) {
          await yieldToEventLoop();
          for (const bad of CORPUS) {
            const fields = spec.baseline(unique());
            if (spec.multipart && field === "file") {
              for (const column of IMPORT_COLUMNS)
                await post(spec, `${column.name} = ${bad.name}`, { file: importCsv(unique(), { column: column.name, value: bad.value }) }, failures);
              continue;
            }
            fields[field] = Array.isArray(fields[field]) ? [bad.value] : bad.value;
            await post(spec, `${field} = ${bad.name}`, fields, failures);
          }
          if (field === "unexpected_field") continue;
          const missing = spec.baseline(unique());
          delete missing[field];
          await post(spec, `${field} missing`, missing, failures);
          const doubled = spec.baseline(unique());
          doubled[field] = [...[doubled[field]].flat(), "<b>second</b>", "-1"];
          await post(spec, `${field} doubled`, doubled, failures);
          // A file where text is expected (or text where a file is expected).
          const typed = spec.baseline(unique());
          if (spec.multipart) await post({ ...spec, multipart: false }, `${field} as text`, typed, failures);
          else {
            const content = typed[field];
            delete typed[field];
            await post(spec, `${field} as a file`, typed, failures, { [field]: [content].flat().join(",") });
          }
        }
        expect(failures).toEqual([]);
      });
    }

    it("ran the whole corpus", () => {
      console.info(`bad input (${group}): ${CORPUS.length} corpus values; ${counts.posts} posts to ${counts.forms} forms (${counts.fields} fields)`);
      expect(counts.forms).toBe(specs.length);
      expect(counts.posts).toBeGreaterThan(CORPUS.length * specs.length * 3);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Bodies that are not forms: scripts and cross-site pages can send what no form of ours sends

/** The baseline's fields as a JSON object, so a refusal is about the body's type, not its content. */
const asJson = (fields: Fields) => JSON.stringify(fields);
/** What an HTML form with enctype="text/plain" sends (the classic way to post cross-site without a preflight). */
const asPlainText = (fields: Fields) =>
  Object.entries(fields)
    .flatMap(([key, value]) => [value].flat().map((v) => `${key}=${v}`))
    .join("\r\n");

const NOT_FORMS: { name: string; contentType: string | null; body: (fields: Fields) => string | undefined; status: number }[] = [
  { name: "a JSON body", contentType: "application/json", body: asJson, status: 415 },
  { name: "a JSON body sent as text/plain", contentType: "text/plain;charset=UTF-8", body: asJson, status: 415 },
  { name: "a text/plain form", contentType: "text/plain", body: asPlainText, status: 415 },
  { name: "no body and no Content-Type", contentType: null, body: () => undefined, status: 415 },
  { name: "multipart without a boundary", contentType: "multipart/form-data", body: () => '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n', status: 400 },
  { name: "multipart cut off half-way", contentType: "multipart/form-data; boundary=x", body: () => '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', status: 400 },
];

// Logging out reads no body: whatever is posted, it logs out (and writes nothing).
const READS_NO_BODY = new Set(["logout.tsx"]);

/** Every route with an action has a form in the corpus, and every form is in one group. */
export function describeFormCoverage() {
  describe("the bad-input corpus", () => {
    it("lists a form for every route with an action", async () => {
      const withAction: string[] = [];
      for (const file of listRouteFiles()) if (typeof (await importRoute(file)).action === "function") withAction.push(file);
      expect(withAction.filter((file) => !FORMS.some((s) => s.file === file))).toEqual([]);
    });

    it("runs every form in exactly one group", () => {
      const grouped: string[] = Object.values(FORM_GROUPS).flat();
      expect([...grouped].sort()).toEqual([...FORM_NAMES].sort());
    });
  });
}

/** Scripts and cross-site pages can send what no form of ours sends. */
export function describeBodiesThatAreNotForms() {
  describe("bodies that are not forms", () => {
    it("are refused with 415 (or 400 for a broken form body) by every action, thrown to the translated error page", { timeout: 60_000 }, async () => {
      const failures: string[] = [];
      let posts = 0;
      for (const spec of FORMS) {
        const mod = await importRoute(spec.file);
        for (const kind of NOT_FORMS) {
          const headers = new Headers();
          if (spec.cookie) headers.set("Cookie", spec.cookie());
          if (kind.contentType) headers.set("Content-Type", kind.contentType);
          const request = new Request(new URL(spec.url(), "http://localhost"), { method: "POST", headers, body: kind.body(spec.baseline(unique())) });
          posts += 1;
          const label = `${spec.name}: ${kind.name}`;
          const before = await rowCounts(test.db);
          const a = await judge(label, () => mod.action!({ request, params: spec.params?.() ?? {}, context: { clientIp: `not-a-form-${++ip}` } }), failures);
          if (JSON.stringify(await rowCounts(test.db)) !== JSON.stringify(before)) failures.push(`${label}: wrote rows`);
          if (READS_NO_BODY.has(spec.file)) continue;
          if (a.status !== kind.status || !a.thrown) failures.push(`${label}: answered ${a.status}${a.thrown ? " (thrown)" : ""}, expected a thrown ${kind.status}`);
        }
      }
      expect(failures).toEqual([]);
      console.info(`bad input: ${posts} posts with bodies that are not forms (${NOT_FORMS.length} kinds × ${FORMS.length} forms)`);
    });

    it("get a translated page for their status", () => {
      expect(errorKey(415)).toBe("badRequest");
      expect(errorKey(400)).toBe("badRequest");
      for (const part of ["title", "body"]) expect(hasKey(`errors.badRequest.${part}`), part).toBe(true);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Query strings and URL parameters

const QUERY_PARAMS = [
  "lng",
  "subscribe",
  "thanks",
  "redirectTo",
  "done",
  "welcome",
  "created",
  "entity",
  "action",
  "user",
  "before",
  "view",
  "region",
  "kind",
  "state",
  "month",
  "past",
  "date",
  "from",
  "to",
  "run",
  "q",
  "language",
  "offer",
  "weekday",
  "time",
  "load",
  "available",
  "town",
  "id",
  "erased",
  "page",
  "event",
  "pick",
  "table",
];

type LoaderSpec = { file: string; url: string; params: Record<string, string>; cookie?: string };

function loaderSpecs(): LoaderSpec[] {
  const c = adminCookie;
  return [
    { file: "_public._index.tsx", url: "/", params: {} },
    { file: "_public.events._index.tsx", url: "/events", params: {} },
    { file: "_public.events.$id.tsx", url: `/events/${f.upcomingEventId}`, params: { id: String(f.upcomingEventId) } },
    { file: "_public.events.$id_.feedback.tsx", url: `/events/${f.pastEventId}/feedback`, params: { id: String(f.pastEventId) } },
    { file: "_public.join.tsx", url: "/join", params: {} },
    { file: "_public.login.tsx", url: "/login", params: {} },
    { file: "_public.erased.tsx", url: "/erased", params: {} },
    { file: "_public.me.lost.tsx", url: "/me/lost", params: {} },
    { file: "_public.request_.lost.tsx", url: "/request/lost", params: {} },
    { file: "_public.me.$token.tsx", url: `/me/${f.credentials.participant.participant}`, params: { token: f.credentials.participant.participant! } },
    { file: "_public.me.$token.data[.]json.tsx", url: `/me/${f.credentials.participant.participant}/data.json`, params: { token: f.credentials.participant.participant! } },
    { file: "_public.request.tsx", url: "/request", params: {} },
    {
      file: "_public.me.$token_.claims.$assignmentId.tsx",
      url: `/me/${f.credentials.participant.participant}/claims/${f.p1PastAssignmentId}`,
      params: { token: f.credentials.participant.participant!, assignmentId: String(f.p1PastAssignmentId) },
    },
    {
      file: "me.$token.receipts.$claimId.ts",
      url: `/me/${f.credentials.participant.participant}/receipts/1`,
      params: { token: f.credentials.participant.participant!, claimId: "1" },
    },
    { file: "_public.request_.status.$token.tsx", url: `/request/status/${f.credentials.host.host}`, params: { token: f.credentials.host.host! } },
    { file: "_public.venues.$id.tsx", url: `/venues/${f.venueId}`, params: { id: String(f.venueId) } },
    { file: "logout.tsx", url: "/logout", params: {} },
    { file: "admin.tsx", url: "/admin", params: {}, cookie: c },
    { file: "admin._index.tsx", url: "/admin", params: {}, cookie: c },
    { file: "admin.account.tsx", url: "/admin/account", params: {}, cookie: c },
    { file: "admin.audit.tsx", url: "/admin/audit", params: {}, cookie: c },
    { file: "admin.users.tsx", url: "/admin/users", params: {}, cookie: c },
    { file: "admin.requests.tsx", url: "/admin/requests", params: {}, cookie: c },
    { file: "admin.events._index.tsx", url: "/admin/events", params: {}, cookie: c },
    { file: "admin.events._index.tsx", url: "/admin/events?view=month", params: {}, cookie: c },
    { file: "admin.events.new.tsx", url: "/admin/events/new", params: {}, cookie: c },
    { file: "admin.events.$id.tsx", url: `/admin/events/${f.upcomingEventId}`, params: { id: String(f.upcomingEventId) }, cookie: c },
    { file: "admin.series.new.tsx", url: "/admin/series/new", params: {}, cookie: c },
    { file: "admin.series.$id.tsx", url: `/admin/series/${f.seriesId}`, params: { id: String(f.seriesId) }, cookie: c },
    { file: "admin.participants._index.tsx", url: "/admin/participants", params: {}, cookie: c },
    { file: "admin.participants.$id.tsx", url: `/admin/participants/${f.people.p1.id}`, params: { id: String(f.people.p1.id) }, cookie: c },
    { file: "admin.participants.import.tsx", url: "/admin/participants/import", params: {}, cookie: c },
    { file: "admin.participants[.]csv.ts", url: "/admin/participants.csv", params: {}, cookie: c },
    { file: "admin.matching.tsx", url: "/admin/matching", params: {}, cookie: c },
    { file: "admin.matching.tsx", url: "/admin/matching?run=1", params: {}, cookie: c },
    { file: "admin.reports.tsx", url: "/admin/reports", params: {}, cookie: c },
    { file: "admin.reports[.]csv.ts", url: "/admin/reports.csv?table=forums", params: {}, cookie: c },
    { file: "admin_.reports.print.tsx", url: "/admin/reports/print", params: {}, cookie: c },
    { file: "admin.rotation.tsx", url: "/admin/rotation", params: {}, cookie: c },
    { file: "admin.outbox.tsx", url: "/admin/outbox", params: {}, cookie: c },
    { file: "admin.settings.tsx", url: "/admin/settings", params: {}, cookie: c },
    { file: "admin.claims.tsx", url: "/admin/claims", params: {}, cookie: c },
    { file: "admin.claims.$id.receipt.ts", url: "/admin/claims/1/receipt", params: { id: "1" }, cookie: c },
    { file: "admin.claims.batches.$id[.]csv.ts", url: "/admin/claims/batches/1.csv", params: { id: "1" }, cookie: c },
    { file: "admin.claims.batches.$id[.]xml.ts", url: "/admin/claims/batches/1.xml", params: { id: "1" }, cookie: c },
    { file: "locales.$file.ts", url: "/locales/en.AAAAAAAAAAAAAAAA.json", params: { file: "en.AAAAAAAAAAAAAAAA.json" } },
    { file: "feeds.events[.]ics.ts", url: "/feeds/events.ics", params: {} },
    { file: "feeds.regions.$code[.]ics.ts", url: "/feeds/regions/EE-74.ics", params: { code: "EE-74" } },
    { file: "feeds.venues.$id[.]ics.ts", url: `/feeds/venues/${f.venueId}.ics`, params: { id: String(f.venueId) } },
    { file: "events.$id.calendar[.]ics.ts", url: `/events/${f.upcomingEventId}/calendar.ics`, params: { id: String(f.upcomingEventId) } },
    { file: "feeds.me.$token[.]ics.ts", url: `/feeds/me/${f.credentials.participant.participant}.ics`, params: { token: f.credentials.participant.participant! } },
    { file: "feeds.coordinator.$token[.]ics.ts", url: `/feeds/coordinator/${f.credentials.admin.coordinatorFeed}.ics`, params: { token: f.credentials.admin.coordinatorFeed! } },
  ];
}

/** Query strings and URL parameters of the pages in `part` (public pages or coordinator pages and feeds). */
export function describeQueryCorpus(part: "public" | "coordinator") {
  // Pages behind a login, and the calendar files, go in the second part; every spec is in exactly one.
  const inPart = (spec: LoaderSpec) => (Boolean(spec.cookie) || /^(feeds|events)\./.test(spec.file)) === (part === "coordinator");
  describe(`bad input in query strings and URL parameters (${part})`, () => {
    it("covers every route with a loader", async () => {
      const specs = loaderSpecs();
      for (const file of listRouteFiles()) {
        if (typeof (await importRoute(file)).loader === "function")
          expect(
            specs.some((s) => s.file === file),
            file,
          ).toBe(true);
      }
    });

    it("never crashes a loader and never writes on GET", { timeout: 240_000 }, async () => {
      const failures: string[] = [];
      const before = await rowCounts(test.db);
      let gets = 0;
      for (const spec of loaderSpecs().filter(inPart)) {
        await yieldToEventLoop();
        const mod = await importRoute(spec.file);
        for (const bad of CORPUS) {
          // Every parameter any page reads, all at once, on top of the page's own.
          const url = new URL(spec.url, "http://localhost");
          for (const name of QUERY_PARAMS) if (!url.searchParams.has(name)) url.searchParams.set(name, bad.value);
          gets += 1;
          const a = await answer(() => mod.loader!({ request: getRequest(url.href, { cookie: spec.cookie }), params: spec.params, context: {} }));
          if (a.crash || a.status >= 500) failures.push(`GET ${spec.url} ?*=${bad.name}: ${a.status} ${a.crash ?? ""}`);
          // And each URL parameter (id, token, code, section) replaced by the bad value.
          // (An empty segment never reaches a route: the router matches no dynamic segment to "".)
          for (const key of bad.value === "" ? [] : Object.keys(spec.params)) {
            gets += 1;
            const params = { ...spec.params, [key]: bad.value };
            // A browser sends a lone surrogate as U+FFFD; the route gets whatever the router decoded.
            const inPath = encodeURIComponent(toWellFormed(bad.value));
            const p = await answer(() => mod.loader!({ request: getRequest(spec.url.replace(spec.params[key], inPath), { cookie: spec.cookie }), params, context: {} }));
            if (p.crash || p.status >= 500) failures.push(`GET ${spec.file} :${key}=${bad.name}: ${p.status} ${p.crash ?? ""}`);
            else if (p.status !== 404 && p.status !== 400) failures.push(`GET ${spec.file} :${key}=${bad.name}: ${p.status}, expected 404`);
          }
        }
      }
      // A page has one address: other spellings of an id are not found rather than aliases.
      for (const spec of loaderSpecs().filter((s) => inPart(s) && s.params.id)) {
        const mod = await importRoute(spec.file);
        const id = Number(spec.params.id);
        for (const alias of [`0x${id.toString(16)}`, `${id}.0`, `${id}e0`, `+${id}`, `0${id}`, ` ${id}`]) {
          gets += 1;
          const a = await answer(() =>
            mod.loader!({
              request: getRequest(spec.url.replace(spec.params.id, encodeURIComponent(alias)), { cookie: spec.cookie }),
              params: { ...spec.params, id: alias },
              context: {},
            }),
          );
          if (a.status !== 404) failures.push(`GET ${spec.file} :id=${JSON.stringify(alias)}: ${a.status}, expected 404`);
        }
      }
      expect(failures).toEqual([]);
      expect(await rowCounts(test.db)).toEqual(before);
      console.info(`bad input: ${gets} GETs over ${loaderSpecs().filter(inPart).length} pages and feeds, ${QUERY_PARAMS.length} query parameters each`);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Hostile text that is stored must not change a calendar feed's structure

const corpusName = (title: string) => CORPUS.find((c) => c.value === title)?.name ?? title.slice(0, 40);

const ALLOWED_VEVENT_PROPERTIES = new Set([
  "uid",
  "dtstamp",
  "dtstart",
  "dtend",
  "summary",
  "description",
  "location",
  "geo",
  "url",
  "status",
  "sequence",
  "created",
  "last-modified",
  "categories",
  "transp",
  "class",
]);

/** Hostile text that is stored must not change a calendar feed's structure. */
export function describeHostileFeeds() {
  describe("hostile text in calendar feeds", () => {
    it("stays inside its property: one VEVENT per event, no extra properties", { timeout: 60_000 }, async () => {
      const newEvent = await importRoute("admin.events.new.tsx");
      const ids: number[] = [];
      for (const bad of CORPUS.filter((c) => c.value.trim() !== "" && c.value.length < 3000)) {
        const fields = { ...eventForm(), title_et: `T ${bad.value}`, title_en: bad.value, description_et: bad.value, kind: "community_event" };
        const a = await answer(() =>
          newEvent.action!({
            request: buildRequest({ name: "", file: "", url: () => "/admin/events/new", cookie: () => adminCookie, baseline: () => ({}) }, fields),
            params: {},
            context: {},
          }),
        );
        expect(a.status, `${bad.name}: ${JSON.stringify(a.body).slice(0, 200)}`).toBe(302);
        const id = Number(/\/admin\/events\/(\d+)/.exec(a.location ?? "")?.[1]);
        await test.db.updateTable("event").set({ state: "planned", venue_id: f.venueId }).where("id", "=", id).execute();
        ids.push(id);
      }
      const check = async (label: string, file: string, url: string, params: Record<string, string>, expectedIds: number[] | null) => {
        const mod = await importRoute(file);
        const response = await mod.loader!({ request: getRequest(url), params, context: {} });
        if (!(response instanceof Response)) throw new Error(`${label}: not a Response`);
        expect(response.status, label).toBe(200);
        const calendar = new ICAL.Component(ICAL.parse(await response.text()));
        const vevents = calendar.getAllSubcomponents("vevent");
        const uids = vevents.map((v) => String(v.getFirstPropertyValue("uid")));
        expect(new Set(uids).size, `${label}: unique UIDs`).toBe(uids.length);
        for (const vevent of vevents) {
          const names = vevent.getAllProperties().map((p) => p.name);
          expect(
            names.filter((name) => !ALLOWED_VEVENT_PROPERTIES.has(name)),
            `${label}: extra properties`,
          ).toEqual([]);
          expect(
            vevent
              .getAllSubcomponents()
              .map((s) => s.name)
              .filter((name) => name !== "valarm"),
            label,
          ).toEqual([]);
        }
        expect(
          calendar
            .getAllSubcomponents()
            .map((c) => c.name)
            .filter((name) => name !== "vevent" && name !== "vtimezone"),
          label,
        ).toEqual([]);
        if (expectedIds) {
          for (const id of expectedIds) expect(uids.filter((uid) => uid.startsWith(`event-${id}@`) || uid.includes(`-${id}@`)).length, `${label}: event ${id} once`).toBe(1);
        }
        return vevents;
      };
      for (const id of ids) {
        const [vevent] = await check(`event ${id}`, "events.$id.calendar[.]ics.ts", `/events/${id}/calendar.ics?lng=en`, { id: String(id) }, null);
        const title = JSON.parse((await test.db.selectFrom("event").select("title").where("id", "=", id).executeTakeFirstOrThrow()).title).en;
        // What was typed comes back as the event's title, character for character (line ends aside,
        // and control characters, which iCalendar does not allow in text).
        const expected = title.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
        expect(String(vevent.getFirstPropertyValue("summary")).replace(/\r\n?/g, "\n"), corpusName(title)).toBe(expected);
      }
      const all = await check("public feed", "feeds.events[.]ics.ts", "/feeds/events.ics", {}, null);
      const publicCount = await test.db
        .selectFrom("event")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("is_public", "=", 1)
        .where("state", "in", ["planned", "confirmed", "completed", "cancelled"])
        .executeTakeFirstOrThrow();
      expect(all.length).toBe(Number(publicCount.n));
      await check("venue feed", "feeds.venues.$id[.]ics.ts", `/feeds/venues/${f.venueId}.ics`, { id: String(f.venueId) }, null);
      const coordinator = await check(
        "coordinator feed",
        "feeds.coordinator.$token[.]ics.ts",
        `/feeds/coordinator/${f.credentials.admin.coordinatorFeed}.ics`,
        { token: f.credentials.admin.coordinatorFeed! },
        null,
      );
      expect(coordinator.length).toBeGreaterThanOrEqual(ids.length);
      // A participant invited to a hostile event gets it once in their own feed too.
      const token = await issueToken(test.db, "participant", f.people.p1.id);
      const slot = await test.db.selectFrom("event_slot").select("id").where("event_id", "=", ids[0]).executeTakeFirstOrThrow();
      await test.db
        .insertInto("assignment")
        .values({
          event_id: ids[0],
          slot_id: slot.id,
          participant_id: f.people.p1.id,
          status: "invited",
          explanation: "[]",
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
        })
        .execute();
      await check("participant feed", "feeds.me.$token[.]ics.ts", `/feeds/me/${token}.ics`, { token }, null);
    });
  });
}
