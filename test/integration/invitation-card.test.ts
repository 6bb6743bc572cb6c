import { createInstance } from "i18next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { leaveHomeText, othersGoingText } from "~/components/ParticipantInvitations";
import { zonedInstant } from "~/domain/schedule";
import { LOCALES, type Locale } from "~/domain/vocabulary";
import { i18nConfig } from "~/i18n/config";
import { resources } from "~/i18n/resources";
import { listAssignmentCards } from "~/models/participant/assignments.server";
import { issueToken } from "~/models/token.server";
import { loader as dataLoader } from "~/routes/_public.me.$token.data[.]json";
import { loader as meLoader } from "~/routes/_public.me.$token";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { getRequest, settle } from "../helpers/requests";

const NOW = "2026-11-23T10:00:00.000Z";
let test: TestDatabase;
let token: string;
const ids: Record<string, number> = {};

type Item = {
  id: number;
  eventId: number;
  title: string;
  card: null | { publicPage: boolean; venueAddress: string | null; offerDescription: string | null; othersNamed: string[]; othersUnnamed: number };
};

beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase();
  const db = test.db;
  const at = "2026-09-01T00:00:00.000Z";
  const town = async (slug: string) => (await db.selectFrom("town").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
  const venue = await db
    .insertInto("venue")
    .values({ town_id: await town("paide"), name: "Paide Linnaraamatukogu", venue_type: "library", address: "Keskväljak 15", capacity: 40, created_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  const event = async (key: string, date: string, options: { isPublic?: 0 | 1; state?: "planned" | "draft" | "confirmed" } = {}) => {
    const row = await db
      .insertInto("event")
      .values({
        kind: "community_event",
        state: options.state ?? "planned",
        title: JSON.stringify({ et: `Üritus ${key}`, en: `Event ${key}` }),
        venue_id: venue.id,
        starts_at: zonedInstant(date, "12:00").toISOString(),
        ends_at: zonedInstant(date, "16:00").toISOString(),
        is_public: options.isPublic ?? 1,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
    const slots: number[] = [];
    for (const [position, offer] of (["crafts", null, null, null, null] as const).entries()) {
      slots.push((await db.insertInto("event_slot").values({ event_id: row.id, offer, position }).returning("id").executeTakeFirstOrThrow()).id);
    }
    return { id: row.id, slots };
  };
  const person = async (key: string, options: { show?: 0 | 1; erased?: boolean } = {}) => {
    const row = await db
      .insertInto("participant")
      .values({
        first_name: options.erased ? "" : key,
        home_town_id: await town("tallinn"),
        show_first_name: options.show ?? 0,
        erased_at: options.erased ? at : null,
        consent_at: at,
        consent_version: "1",
        created_at: at,
        updated_at: at,
        last_active_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
    return row.id;
  };
  const assign = async (eventId: number, slotId: number, participantId: number, status: "invited" | "accepted" | "declined", travel: number | null = 95) =>
    (
      await db
        .insertInto("assignment")
        .values({
          event_id: eventId,
          slot_id: slotId,
          participant_id: participantId,
          status,
          explanation: "[]",
          travel_minutes: travel,
          invited_at: at,
          created_at: at,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;

  const me = await person("Mariia");
  await db
    .insertInto("participant_offer")
    .values([
      { participant_id: me, offer: "crafts", description: "Embroidered towels" },
      { participant_id: me, offer: "food", description: "Borscht" },
    ])
    .execute();
  token = await issueToken(db, "participant", me);
  const [olena, ahmad, iryna, erased, stranger] = [
    await person("Olena", { show: 1 }),
    await person("Ahmad"),
    await person("Iryna", { show: 1 }),
    await person("Erased", { erased: true }),
    await person("Stranger", { show: 1 }),
  ];

  // A public event: Mariia invited to the crafts place; Olena (named) and Ahmad (not named) said
  // yes; Iryna is only invited and the erased person does not count.
  const market = await event("market", "2026-12-12");
  ids.marketInvitation = await assign(market.id, market.slots[0], me, "invited", 95);
  await assign(market.id, market.slots[1], olena, "accepted");
  await assign(market.id, market.slots[2], ahmad, "accepted");
  await assign(market.id, market.slots[3], iryna, "invited");
  await assign(market.id, market.slots[4], erased, "accepted");
  // Not public, and a draft: no page to link to. Mariia said yes to the first, in an untyped place.
  const closed = await event("closed", "2026-12-19", { isPublic: 0 });
  ids.closedAccepted = await assign(closed.id, closed.slots[1], me, "accepted", 0);
  const draft = await event("draft", "2026-12-26", { state: "draft" });
  ids.draftInvitation = await assign(draft.id, draft.slots[0], me, "invited", null);
  ids.strangerInvitation = await assign(draft.id, draft.slots[1], stranger, "accepted");
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

const page = async () =>
  (await (await settle(() => meLoader({ request: getRequest(`/me/${token}?lng=en`), params: { token }, context: {} }))).json()) as { invitations: Item[]; upcoming: Item[] };

async function translator(locale: Locale) {
  const i18n = createInstance();
  await i18n.init({ ...i18nConfig, supportedLngs: [...i18nConfig.supportedLngs], lng: locale, resources });
  return i18n.getFixedT(locale) as (key: string, options?: Record<string, unknown>) => string;
}

describe("the participant's card for an event to come", () => {
  it("links the title of a public event, and says where, what to bring and who else goes (by first name only if they allow it)", async () => {
    const data = await page();
    const market = data.invitations.find((i) => i.eventId === ids.market)!;
    expect(market.card).toEqual({ publicPage: true, venueAddress: "Keskväljak 15", offerDescription: "Embroidered towels", othersNamed: ["Olena"], othersUnnamed: 1 });
  });

  it("does not link events without a public page: private ones and drafts", async () => {
    const data = await page();
    expect(data.upcoming.find((i) => i.eventId === ids.closed)?.card).toMatchObject({ publicPage: false, offerDescription: null, othersNamed: [], othersUnnamed: 0 });
    expect(data.invitations.find((i) => i.eventId === ids.draft)?.card).toMatchObject({ publicPage: false, othersNamed: ["Stranger"] });
  });

  it("gives the details of one's own assignments only", async () => {
    const cards = await listAssignmentCards(ids.Mariia, [ids.marketInvitation, ids.strangerInvitation]);
    expect([...cards.keys()]).toEqual([ids.marketInvitation]);
  });

  it("keeps other people's names out of the participant's data download", async () => {
    const response = await settle(() => dataLoader({ request: getRequest(`/me/${token}/data.json`), params: { token }, context: {} }));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain("Embroidered towels");
    expect(text).not.toContain("Olena");
  });

  it("says when to leave home: the start minus the journey, rounded down to five minutes, in Tallinn time", async () => {
    const t = await translator("en");
    const duration = (m: number) => `${Math.floor(m / 60)} h ${m % 60} min`;
    // 12:00 in Tallinn (UTC+2 in December) minus 95 minutes is 10:25.
    const startsAt = zonedInstant("2026-12-12", "12:00").toISOString();
    expect(leaveHomeText({ startsAt, travelMinutes: 95 }, t, "en", duration)).toBe("Leave home by 10:25; the journey takes about 1 h 35 min.");
    expect(leaveHomeText({ startsAt, travelMinutes: 97 }, t, "en", duration)).toBe("Leave home by 10:20; the journey takes about 1 h 37 min.");
    // In summer Tallinn is UTC+3: still 12:00 local.
    expect(leaveHomeText({ startsAt: zonedInstant("2027-06-05", "12:00").toISOString(), travelMinutes: 60 }, t, "en", duration)).toMatch(/^Leave home by 11:00;/);
    // An early start after a long journey: the day before.
    expect(leaveHomeText({ startsAt: zonedInstant("2026-12-12", "01:00").toISOString(), travelMinutes: 120 }, t, "en", duration)).toBe(
      "Leave home on 11 Dec by 23:00; the journey takes about 2 h 0 min.",
    );
    expect(leaveHomeText({ startsAt, travelMinutes: 0 }, t, "en", duration)).toBeNull();
    expect(leaveHomeText({ startsAt, travelMinutes: null }, t, "en", duration)).toBeNull();
  });

  it.each(LOCALES)("%s: says who else goes in every shape, without a placeholder", async (locale) => {
    const t = await translator(locale);
    const lines = [
      othersGoingText({ othersNamed: [], othersUnnamed: 0 }, t, locale),
      ...[1, 2, 5, 21].map((n) => othersGoingText({ othersNamed: [], othersUnnamed: n }, t, locale)),
      othersGoingText({ othersNamed: ["Olena", "Ahmad"], othersUnnamed: 0 }, t, locale),
      ...[1, 2, 5].map((n) => othersGoingText({ othersNamed: ["Olena"], othersUnnamed: n }, t, locale)),
      leaveHomeText({ startsAt: "2026-12-12T10:00:00.000Z", travelMinutes: 95 }, t, locale, String) ?? "",
      leaveHomeText({ startsAt: "2026-12-11T23:30:00.000Z", travelMinutes: 120 }, t, locale, String) ?? "",
      t("participantCard.bringWithDescription", { offer: "Crafts", description: "Towels" }),
    ];
    expect(lines.filter((l) => !l.trim() || l.includes("{{") || l.includes("participantCard."))).toEqual([]);
    expect(lines[6]).toContain("Olena");
  });
});
