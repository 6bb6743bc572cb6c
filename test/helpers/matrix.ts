import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import type { DB } from "#db/connection";
import { issueToken, revokeTokens } from "~/models/token.server";
import { generateToken } from "~/utils/token.server";

import { loginAsNewCoordinator } from "./auth";

const ROUTES_DIR = path.resolve(__dirname, "../../app/routes");

/** Every route module file in app/routes, as Remix's flat routes see them. */
export function listRouteFiles(): string[] {
  return fs
    .readdirSync(ROUTES_DIR)
    .filter((f) => /\.(tsx?|jsx?)$/.test(f))
    .sort();
}

type RouteModule = { loader?: (args: unknown) => Promise<unknown>; action?: (args: unknown) => Promise<unknown> };

/** Loads a route module by its file name (works for names with $, [.] and the like). */
export async function importRoute(file: string): Promise<RouteModule> {
  return (await import(/* @vite-ignore */ pathToFileURL(path.join(ROUTES_DIR, file)).href)) as RouteModule;
}

export const ROLES = ["anonymous", "host", "participant", "otherParticipant", "coordinator", "admin", "revoked"] as const;
export type Role = (typeof ROLES)[number];

/** What a role carries: a session cookie and/or secret-link tokens by purpose. */
export type Credentials = { cookie?: string; host?: string; participant?: string; coordinatorFeed?: string };

export type Outcome = "allow" | "deny";

/**
 * How a response reads for the matrix. Deny: a redirect to the login page, 401, 403 or 404.
 * Allow: anything that got past the gate (2xx, another redirect; for actions also the 400/409 of
 * validation and use-case refusals, which only someone let in can reach). Anything else (5xx,
 * 429, …) is reported as such so the test fails loudly.
 */
export function classify(response: Response, kind: "loader" | "action"): Outcome | `unexpected ${number}` {
  const { status } = response;
  const location = response.headers.get("Location") ?? "";
  if (status >= 300 && status < 400) return location.startsWith("/login") ? "deny" : "allow";
  if (status === 401 || status === 403 || status === 404) return "deny";
  if (status >= 200 && status < 300) return "allow";
  if (kind === "action" && (status === 400 || status === 409)) return "allow";
  return `unexpected ${status}`;
}

/** Distinctive personal data, so a leak can be found by searching a page's data for it. */
export type PersonalData = { firstName: string; lastName: string; email: string; phone: string; dietary: string; countryOfOrigin: string; gender: string };

export function personalData(n: number, countryOfOrigin: string, gender: string): PersonalData {
  return {
    firstName: `Zofirst${n}`,
    lastName: `Qlastname${n}x`,
    email: `qmail${n}x@example.org`,
    phone: `+372 5550 ${String(n).repeat(4)}`,
    dietary: `Qdietary${n}x`,
    countryOfOrigin,
    gender,
  };
}

export type TrustFixtures = {
  credentials: Record<Role, Credentials>;
  users: { coordinatorId: number; adminId: number };
  people: { p1: PersonalData & { id: number }; p2: PersonalData & { id: number }; p3: PersonalData & { id: number } };
  venueId: number;
  townId: number;
  seriesId: number;
  /** Public, planned, ahead; from the host's request; P1 accepted, P2 invited. */
  upcomingEventId: number;
  /** Public, begun two days ago: open for feedback; P3 attended. */
  pastEventId: number;
  /** A draft: coordinators only. */
  draftEventId: number;
  /** An open invitation of P1 (to a second event), for answering probes. */
  p1InvitationId: number;
  /** P1 went to the past event (no place of their own): open for a travel claim (issue 17). */
  p1PastAssignmentId: number;
  hostRequestId: number;
  /** A host status link past its expiry (of a new request, so a working withdraw would change it). */
  expiredHostToken: string;
};

const DAY = 86_400_000;

/**
 * Builds the people, links and events the authorisation and bad-input tests need: two
 * coordinators (one admin) with real login cookies and calendar-feed tokens, a host with a
 * request turned into an event, three participants with distinctive personal data (the third's
 * link revoked), and revoked links of every purpose.
 */
export async function buildTrustFixtures(db: DB, now: Date = new Date()): Promise<TrustFixtures> {
  const iso = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();
  const created = now.toISOString();
  const town = await db.selectFrom("town").select(["id"]).where("slug", "=", "kuressaare").executeTakeFirstOrThrow();
  const venueId = (
    await db
      .insertInto("venue")
      .values({ town_id: town.id, name: "Kohvik Matrix", venue_type: "cafe", address: "Lossi 1", capacity: 40, step_free: 1, child_friendly: 1, created_at: created })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

  const coordinator = await loginAsNewCoordinator("coordinator");
  const admin = await loginAsNewCoordinator("admin");

  const request = (organisation: string) =>
    db
      .insertInto("event_request")
      .values({
        organisation,
        contact_name: "Hostname Kontakt",
        email: `${organisation.toLowerCase().replace(/\W/g, "")}@host.example`,
        phone: "+372 5000 0000",
        town_id: town.id,
        venue_id: venueId,
        venue_name: null,
        venue_address: null,
        venue_capacity: null,
        venue_step_free: null,
        venue_child_friendly: null,
        kind: "community_event",
        window_from: iso(5 * DAY).slice(0, 10),
        window_to: iso(60 * DAY).slice(0, 10),
        time_of_day: "afternoon",
        expected_audience: 30,
        message: "Tere!",
        state: "accepted",
        decision_reason: null,
        decided_by: coordinator.userId,
        decided_at: created,
        created_at: created,
        updated_at: created,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  const hostRequestId = (await request("Matrix Kohvik")).id;
  const revokedRequestId = (await request("Revoked Kohvik")).id;
  const expiredRequestId = (await request("Expired Kohvik")).id;
  await db.updateTable("event_request").set({ state: "new", decided_by: null, decided_at: null }).where("id", "=", expiredRequestId).execute();

  const event = async (values: { state: "draft" | "planned"; isPublic: boolean; startsAt: string; requestId?: number; slots: ("crafts" | "food" | null)[] }) => {
    const row = await db
      .insertInto("event")
      .values({
        kind: "community_event",
        state: values.state,
        title: JSON.stringify({ et: "Maatriksi üritus", en: "Matrix event" }),
        description: JSON.stringify({ et: "Kirjeldus" }),
        venue_id: venueId,
        starts_at: values.startsAt,
        ends_at: new Date(Date.parse(values.startsAt) + 4 * 3600_000).toISOString(),
        capacity: 40,
        languages: '["et"]',
        is_public: values.isPublic ? 1 : 0,
        request_id: values.requestId ?? null,
        created_at: created,
        updated_at: created,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const slotIds: number[] = [];
    for (const [position, offer] of values.slots.entries()) {
      slotIds.push((await db.insertInto("event_slot").values({ event_id: row.id, offer, position }).returning("id").executeTakeFirstOrThrow()).id);
    }
    return { id: row.id, slotIds };
  };
  const upcoming = await event({ state: "planned", isPublic: true, startsAt: iso(10 * DAY), requestId: hostRequestId, slots: ["crafts", "food"] });
  const second = await event({ state: "planned", isPublic: true, startsAt: iso(20 * DAY), slots: ["crafts"] });
  const past = await event({ state: "planned", isPublic: true, startsAt: iso(-2 * DAY), slots: ["food"] });
  const draft = await event({ state: "draft", isPublic: false, startsAt: iso(30 * DAY), slots: [null] });

  const person = async (n: number, country: string, gender: string) => {
    const data = personalData(n, country, gender);
    const row = await db
      .insertInto("participant")
      .values({
        first_name: data.firstName,
        last_name: data.lastName,
        email: data.email,
        phone: data.phone,
        home_town_id: town.id,
        max_travel_minutes: 240,
        monthly_cap: 3,
        weekdays: "[0,1,2,3,4,5,6]",
        times_of_day: '["morning","afternoon","evening"]',
        needs_childcare: 1,
        needs_step_free: 0,
        dietary: data.dietary,
        country_of_origin: country,
        gender,
        preferred_locale: "en",
        consent_at: created,
        consent_version: "2026-1",
        created_at: created,
        updated_at: created,
        last_active_at: created,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("participant_offer")
      .values({ participant_id: row.id, offer: "crafts", description: `Qoffer${n}x` })
      .execute();
    await db.insertInto("participant_language").values({ participant_id: row.id, code: "uk", level: "native" }).execute();
    return { ...data, id: row.id };
  };
  const p1 = await person(1, "ER", "female");
  const p2 = await person(2, "SO", "male");
  const p3 = await person(3, "AF", "other");

  const assign = async (eventId: number, slotId: number | null, participantId: number, status: "invited" | "accepted" | "attended") =>
    (
      await db
        .insertInto("assignment")
        .values({
          event_id: eventId,
          slot_id: slotId,
          participant_id: participantId,
          status,
          explanation: "[]",
          travel_minutes: 30,
          invited_at: created,
          created_at: created,
          updated_at: created,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  await assign(upcoming.id, upcoming.slotIds[0], p1.id, "accepted");
  await assign(upcoming.id, upcoming.slotIds[1], p2.id, "invited");
  await assign(past.id, past.slotIds[0], p3.id, "attended");
  const p1InvitationId = await assign(second.id, second.slotIds[0], p1.id, "invited");
  const p1PastAssignmentId = await assign(past.id, null, p1.id, "attended");

  const seriesId = (
    await db
      .insertInto("series")
      .values({
        venue_id: venueId,
        title: JSON.stringify({ et: "Hubane nurk" }),
        frequency: "weekly",
        start_date: iso(3 * DAY).slice(0, 10),
        start_time: "17:00",
        duration_minutes: 120,
        session_count: 4,
        until_date: null,
        monthly_week: null,
        monthly_weekday: null,
        capacity: 20,
        request_id: null,
        created_at: created,
        updated_at: created,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

  const hostToken = await issueToken(db, "host_request", hostRequestId);
  const p1Token = await issueToken(db, "participant", p1.id);
  const p2Token = await issueToken(db, "participant", p2.id);
  // Revoked links of every purpose: a revoked one must open nothing, whatever it was for.
  const revokedParticipant = await issueToken(db, "participant", p3.id);
  await revokeTokens(db, "participant", p3.id);
  const revokedHost = await issueToken(db, "host_request", revokedRequestId);
  await revokeTokens(db, "host_request", revokedRequestId);
  const expiredHostToken = await issueToken(db, "host_request", expiredRequestId, { expiresAt: iso(-DAY) });
  const revokedFeed = await issueToken(db, "coordinator_feed", coordinator.userId);
  await revokeTokens(db, "coordinator_feed", coordinator.userId);
  const coordinatorFeed = await issueToken(db, "coordinator_feed", coordinator.userId);
  const adminFeed = await issueToken(db, "coordinator_feed", admin.userId);

  return {
    credentials: {
      anonymous: {},
      host: { host: hostToken },
      participant: { participant: p1Token },
      otherParticipant: { participant: p2Token },
      coordinator: { cookie: coordinator.cookie, coordinatorFeed },
      admin: { cookie: admin.cookie, coordinatorFeed: adminFeed },
      revoked: { participant: revokedParticipant, host: revokedHost, coordinatorFeed: revokedFeed },
    },
    users: { coordinatorId: coordinator.userId, adminId: admin.userId },
    people: { p1, p2, p3 },
    venueId,
    townId: town.id,
    seriesId,
    upcomingEventId: upcoming.id,
    pastEventId: past.id,
    draftEventId: draft.id,
    p1InvitationId,
    p1PastAssignmentId,
    hostRequestId,
    expiredHostToken,
  };
}

/**
 * The token a role puts into a `:token` URL: its own of the route's purpose, else any token it
 * holds (a link of the wrong kind must not open the page), else a well-formed random one.
 */
export function tokenFor(credentials: Credentials, purpose: "host" | "participant" | "coordinatorFeed"): string {
  return credentials[purpose] ?? credentials.participant ?? credentials.host ?? credentials.coordinatorFeed ?? generateToken();
}
