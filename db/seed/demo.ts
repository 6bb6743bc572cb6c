import { addDays, format } from "date-fns";
import type { Transaction } from "kysely";

import type { LocalizedText } from "../../app/domain/localizedText";
import { occurrences, zonedInstant, type SeriesRule } from "../../app/domain/schedule";
import type { Audience, EventKind, EventState, Offer, VenueType } from "../../app/domain/vocabulary";
import { loadTravelPlanner } from "../../app/models/geo.server";
import { issueToken } from "../../app/models/token.server";
import { hostLinkExpiry } from "../../app/domain/schedule/hostLink";
import { hashPassword } from "../../app/utils/password.server";
import type { DB } from "../connection";
import type { Database } from "../schema";

import { DEMO_PARTICIPANTS } from "./demo-people";

type Trx = Transaction<Database>;

export const DEMO_LOGIN = { email: "admin@tuttav.test", password: "tuttav-demo" };

/**
 * Demo links are derived from fixed words so that `npm start` can print them; they exist only
 * in demo data, which is never loaded in production.
 */
export const DEMO_TOKENS = {
  participant: "demo-participant-olena-kovalenko-0001",
  host: "demo-host-request-orissaare-cafe-0001",
};

type DemoVenue = { key: string; town: string; name: string; type: VenueType; address: string; capacity: number; stepFree: boolean; childFriendly: boolean; languages: string[] };

// Venues in towns without a local migrant community: the places that ask for travelling guests.
const VENUES: DemoVenue[] = [
  {
    key: "kuressaare-cafe",
    town: "kuressaare",
    name: "Kohvik Lossi Aed",
    type: "cafe",
    address: "Lossi 11",
    capacity: 60,
    stepFree: true,
    childFriendly: true,
    languages: ["et", "en"],
  },
  {
    key: "kuressaare-library",
    town: "kuressaare",
    name: "Saaremaa Keskraamatukogu",
    type: "library",
    address: "Tallinna 6",
    capacity: 40,
    stepFree: true,
    childFriendly: true,
    languages: ["et", "en"],
  },
  {
    key: "kardla-centre",
    town: "kardla",
    name: "Kärdla Kogukonnamaja",
    type: "community_centre",
    address: "Keskväljak 5",
    capacity: 80,
    stepFree: true,
    childFriendly: true,
    languages: ["et", "en"],
  },
  { key: "kaina-cafe", town: "kaina", name: "Käina Kohvituba", type: "cafe", address: "Hiiu mnt 11", capacity: 35, stepFree: false, childFriendly: true, languages: ["et"] },
  {
    key: "orissaare-school",
    town: "orissaare",
    name: "Orissaare Gümnaasiumi saal",
    type: "school",
    address: "Kuivastu mnt 31",
    capacity: 120,
    stepFree: true,
    childFriendly: true,
    languages: ["et", "ru"],
  },
  {
    key: "kihnu-centre",
    town: "kihnu",
    name: "Kihnu Rahvamaja",
    type: "community_centre",
    address: "Sääre küla",
    capacity: 70,
    stepFree: false,
    childFriendly: true,
    languages: ["et"],
  },
  {
    key: "haapsalu-centre",
    town: "haapsalu",
    name: "Haapsalu Kogukonnakeskus",
    type: "community_centre",
    address: "Posti 3",
    capacity: 50,
    stepFree: true,
    childFriendly: true,
    languages: ["et", "ru", "en"],
  },
  {
    key: "paide-library",
    town: "paide",
    name: "Paide Linnaraamatukogu",
    type: "library",
    address: "Keskväljak 15",
    capacity: 40,
    stepFree: true,
    childFriendly: true,
    languages: ["et", "ru"],
  },
  { key: "polva-cafe", town: "polva", name: "Põlva Kohvik Mesi", type: "cafe", address: "Kesk 20", capacity: 45, stepFree: true, childFriendly: false, languages: ["et", "ru"] },
  {
    key: "voru-library",
    town: "voru",
    name: "Võru Linnaraamatukogu",
    type: "library",
    address: "Jüri 16",
    capacity: 50,
    stepFree: true,
    childFriendly: true,
    languages: ["et", "ru"],
  },
  {
    key: "otepaa-centre",
    town: "otepaa",
    name: "Otepää Kultuurikeskus",
    type: "community_centre",
    address: "Lipuväljak 13",
    capacity: 90,
    stepFree: true,
    childFriendly: true,
    languages: ["et", "en"],
  },
  {
    key: "jogeva-cafe",
    town: "jogeva",
    name: "Jõgeva Kohvik Kaneel",
    type: "cafe",
    address: "Suur 1",
    capacity: 30,
    stepFree: false,
    childFriendly: true,
    languages: ["et", "ru"],
  },
  {
    key: "rapla-library",
    town: "rapla",
    name: "Rapla Keskraamatukogu",
    type: "library",
    address: "Tallinna mnt 2",
    capacity: 40,
    stepFree: true,
    childFriendly: true,
    languages: ["et"],
  },
  {
    key: "vormsi-centre",
    town: "hullo",
    name: "Vormsi Rahvamaja",
    type: "community_centre",
    address: "Hullo küla",
    capacity: 40,
    stepFree: true,
    childFriendly: true,
    languages: ["et", "en"],
  },
];

// Where community events run through the season (every fifth week, staggered).
const EVENT_VENUES = [
  "kuressaare-cafe",
  "kardla-centre",
  "orissaare-school",
  "kihnu-centre",
  "paide-library",
  "polva-cafe",
  "voru-library",
  "otepaa-centre",
  "jogeva-cafe",
  "rapla-library",
  "kaina-cafe",
  "vormsi-centre",
];

const TITLES = {
  community: (town: string): LocalizedText => ({
    et: `Saame tuttavaks! ${town}`,
    en: `Let's get to know each other! ${town}`,
    ru: `Давайте познакомимся! ${town}`,
    uk: `Давайте познайомимося! ${town}`,
  }),
  christmas: (town: string): LocalizedText => ({
    et: `Jõululaat uute naabritega – ${town}`,
    en: `Christmas market with new neighbours – ${town}`,
    ru: `Рождественская ярмарка с новыми соседями – ${town}`,
    uk: `Різдвяний ярмарок з новими сусідами – ${town}`,
  }),
  spring: (town: string): LocalizedText => ({
    et: `Kevadine maailmaköök – ${town}`,
    en: `Spring world kitchen – ${town}`,
    ru: `Весенняя кухня мира – ${town}`,
    uk: `Весняна кухня світу – ${town}`,
  }),
};

const COMMUNITY_DESCRIPTION: LocalizedText = {
  et: "Tule kohtuma inimestega, kes on Eestisse tulnud Ukrainast, Süüriast, Afganistanist ja mujalt. Käsitöö- ja toiduturg, isiklikud lood ja muusika. Kõik on oodatud, osalemine on tasuta.",
  en: "Come and meet people who have made Estonia their home from Ukraine, Syria, Afghanistan and elsewhere. A market of crafts and food, personal stories and music. Everyone is welcome and it is free.",
  ru: "Приходите познакомиться с людьми, которые переехали в Эстонию из Украины, Сирии, Афганистана и других стран. Ярмарка ремёсел и еды, личные истории и музыка. Вход свободный, рады всем.",
  uk: "Приходьте познайомитися з людьми, які переїхали до Естонії з України, Сирії, Афганістану та інших країн. Ярмарок ремесел і їжі, особисті історії та музика. Вхід вільний, раді всім.",
};

export type DemoSummary = { events: number; participants: number; venues: number; requests: number };

/** Fills an empty database with a lively, deterministic demo season around `now`. */
export async function seedDemoData(db: DB, options: { now: Date }): Promise<DemoSummary> {
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  return db.transaction().execute(async (trx) => {
    const nowIso = options.now.toISOString();
    const towns = await trx.selectFrom("town").select(["id", "slug", "name"]).execute();
    const townBySlug = new Map(towns.map((t) => [t.slug, t]));
    const town = (slug: string) => {
      const found = townBySlug.get(slug);
      if (!found) throw new Error(`Demo data names an unknown town: ${slug}`);
      return found;
    };
    const planner = await loadTravelPlanner(trx);

    // Coordinators.
    const admin = await trx
      .insertInto("user")
      .values({ email: DEMO_LOGIN.email, name: "Kristi Tamm", password_hash: passwordHash, role: "admin", created_at: nowIso })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.insertInto("user").values({ email: "mart@tuttav.test", name: "Mart Kask", password_hash: passwordHash, role: "coordinator", created_at: nowIso }).execute();
    // The organisation's contact, shown on the "I lost my link" pages (made up, like everything here).
    await trx
      .updateTable("organisation_setting")
      .set({ name: "MTÜ Tuttav", contact_phone: "+372 5555 0100", contact_email: "info@tuttav.test", updated_by: admin.id, updated_at: nowIso })
      .where("id", "=", 1)
      .execute();
    // The payer of travel costs (issue 17): a demo legal name and a valid test IBAN.
    await trx.updateTable("organisation_setting").set({ legal_name: "MTÜ Tuttav", iban: "EE382200221020145685", bic: "HABAEE2X", km_rate_cents: 20 }).where("id", "=", 1).execute();

    // Venues.
    const venueIds = new Map<string, number>();
    for (const v of VENUES) {
      const row = await trx
        .insertInto("venue")
        .values({
          town_id: town(v.town).id,
          name: v.name,
          venue_type: v.type,
          address: v.address,
          capacity: v.capacity,
          step_free: v.stepFree ? 1 : 0,
          child_friendly: v.childFriendly ? 1 : 0,
          created_at: nowIso,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      venueIds.set(v.key, row.id);
    }
    const venue = (key: string) => VENUES.find((v) => v.key === key)!;

    // Participants.
    const participants: { id: number; offers: Offer[]; homeTownId: number; cap: number; woman: boolean; children: boolean }[] = [];
    for (const [index, p] of DEMO_PARTICIPANTS.entries()) {
      const createdAt = new Date(Date.UTC(options.now.getUTCFullYear() - 1, 6, 1 + index)).toISOString();
      const row = await trx
        .insertInto("participant")
        .values({
          first_name: p.firstName,
          last_name: p.lastName,
          email: `${slugify(p.firstName)}.${slugify(p.lastName)}@example.org`,
          phone: index % 3 === 0 ? `+372 5${String(1000000 + index * 7919).slice(-7)}` : null,
          home_town_id: town(p.home).id,
          max_travel_minutes: p.maxTravel,
          monthly_cap: p.cap,
          weekdays: JSON.stringify([...p.weekdays].map(Number)),
          times_of_day: JSON.stringify(p.times.split(",")),
          needs_childcare: p.childcare ? 1 : 0,
          needs_step_free: p.stepFree ? 1 : 0,
          dietary: p.dietary ?? null,
          country_of_origin: p.country,
          gender: p.gender,
          preferred_locale: p.locale,
          // Names on public event pages are opt-in; every fourth demo person (Olena among them) chose it.
          show_first_name: index % 4 === 0 ? 1 : 0,
          consent_at: createdAt,
          consent_version: "2026-1",
          created_at: createdAt,
          updated_at: createdAt,
          last_active_at: nowIso,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const entry of p.languages.split(",")) {
        const [code, level] = entry.split(":");
        await trx
          .insertInto("participant_language")
          .values({ participant_id: row.id, code, level: level as never })
          .execute();
      }
      const offers: Offer[] = [];
      for (const entry of p.offers.split(";")) {
        const [offer, description] = entry.split(":");
        offers.push(offer as Offer);
        await trx
          .insertInto("participant_offer")
          .values({ participant_id: row.id, offer: offer as Offer, description })
          .execute();
      }
      participants.push({ id: row.id, offers, homeTownId: town(p.home).id, cap: p.cap, woman: p.gender === "female", children: Boolean(p.childcare) });
    }
    await issueToken(trx, "participant", participants[0].id, { token: DEMO_TOKENS.participant });

    // The season runs from September to June; the demo is laid out around the current one.
    const seasonYear = options.now.getUTCMonth() >= 7 ? options.now.getUTCFullYear() : options.now.getUTCFullYear() - 1;
    const seasonStart = new Date(Date.UTC(seasonYear, 8, 1));
    const seasonEnd = `${seasonYear + 1}-06-20`;
    const firstSaturday = addDays(seasonStart, (6 - seasonStart.getUTCDay() + 7) % 7);

    let eventCount = 0;
    const createdEvents: { id: number; startsAt: string; state: EventState; townId: number; audience: Audience; slots: { id: number; offer: Offer | null }[] }[] = [];

    async function createEvent(input: {
      kind: EventKind;
      title: LocalizedText;
      description: LocalizedText;
      venueKey: string;
      startsAt: string;
      endsAt: string;
      slots: (Offer | null)[];
      state?: EventState;
      seriesId?: number;
      occurrenceDate?: string;
      topic?: string;
      outcomeSaid?: string;
      outcomeDone?: string;
      cancelReason?: string;
      requestId?: number;
      expectedAudience?: number;
      audience?: Audience;
    }) {
      const v = venue(input.venueKey);
      const state: EventState =
        input.state ?? (input.endsAt <= nowIso ? "completed" : input.startsAt <= new Date(options.now.getTime() + 14 * 86400_000).toISOString() ? "confirmed" : "planned");
      const row = await trx
        .insertInto("event")
        .values({
          kind: input.kind,
          state,
          title: JSON.stringify(input.title),
          description: JSON.stringify(input.description),
          venue_id: venueIds.get(input.venueKey)!,
          starts_at: input.startsAt,
          ends_at: input.endsAt,
          capacity: v.capacity,
          expected_audience: input.expectedAudience ?? Math.round(v.capacity * 0.6),
          languages: JSON.stringify(v.languages),
          is_public: 1,
          overnight_stay: 0,
          series_id: input.seriesId ?? null,
          occurrence_date: input.occurrenceDate ?? null,
          edited: 0,
          request_id: input.requestId ?? null,
          topic: input.topic ?? null,
          outcome_said: input.outcomeSaid ?? null,
          outcome_done: input.outcomeDone ?? null,
          cancel_reason: state === "cancelled" ? (input.cancelReason ?? "Cancelled") : null,
          audience: input.audience ?? "everyone",
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const slots: { id: number; offer: Offer | null }[] = [];
      for (const [position, offer] of input.slots.entries()) {
        const slot = await trx.insertInto("event_slot").values({ event_id: row.id, offer, position }).returning("id").executeTakeFirstOrThrow();
        slots.push({ id: slot.id, offer });
      }
      eventCount += 1;
      createdEvents.push({ id: row.id, startsAt: input.startsAt, state, townId: town(v.town).id, audience: input.audience ?? "everyone", slots });
      return row.id;
    }

    // Community events: Saturdays 12:00–16:00, each venue every fifth week, staggered by a week.
    let cancelledOne = false;
    for (const [index, key] of EVENT_VENUES.entries()) {
      const townName = town(venue(key).town).name;
      for (let week = index % 5; ; week += 5) {
        const day = format(addDays(firstSaturday, week * 7), "yyyy-MM-dd");
        if (day > seasonEnd) break;
        const month = Number(day.slice(5, 7));
        const title = month === 12 ? TITLES.christmas(townName) : month >= 4 && month <= 5 ? TITLES.spring(townName) : TITLES.community(townName);
        const startsAt = zonedInstant(day, "12:00").toISOString();
        const endsAt = zonedInstant(day, "16:00").toISOString();
        const future = startsAt > nowIso;
        // A few far-off events are still drafts, and one planned event was cancelled.
        let state: EventState | undefined;
        if (future && day > `${seasonYear + 1}-05-15`) state = "draft";
        if (future && !cancelledOne && startsAt > new Date(options.now.getTime() + 30 * 86400_000).toISOString()) {
          state = "cancelled";
          cancelledOne = true;
        }
        await createEvent({
          kind: "community_event",
          title,
          description: COMMUNITY_DESCRIPTION,
          venueKey: key,
          startsAt,
          endsAt,
          slots: week % 2 === 0 ? ["crafts", "crafts", "food", "story", "music"] : ["crafts", "crafts", "food", "story"],
          state,
          cancelReason: "Kohvik on remondi tõttu suletud. / The café is closed for renovation.",
        });
      }
    }

    // Cosy-corner series: weekly on Sundays at 17:00 from the first Sunday of October, across the
    // end of summer time on the last Sunday of October.
    const october = new Date(Date.UTC(seasonYear, 9, 1));
    const firstSunday = format(addDays(october, (7 - october.getUTCDay()) % 7), "yyyy-MM-dd");
    const cosyTitle: LocalizedText = {
      et: "Hubane nurk: naiste jutuõhtu",
      en: "Cosy corner: women's evening",
      ru: "Уютный уголок: женский вечер",
      uk: "Затишний куточок: жіночий вечір",
    };
    const cosyDescription: LocalizedText = {
      et: "Väike ja soe ring naistele: tutvume, räägime sellest, mida kogukond vajab, ja meisterdame koos. Lastele on mängunurk.",
      en: "A small, warm circle for women: we get to know each other, talk about what the community needs and make things together. There is a play corner for children.",
      ru: "Небольшой тёплый круг для женщин: знакомимся, говорим о том, что нужно сообществу, и мастерим вместе. Есть игровой уголок для детей.",
      uk: "Невелике тепле коло для жінок: знайомимося, говоримо про те, що потрібно громаді, і майструємо разом. Є ігровий куточок для дітей.",
    };
    const seriesRules: { venueKey: string; rule: SeriesRule; title: LocalizedText; slots: (Offer | null)[]; cancelIndex?: number; audience: Audience }[] = [
      {
        venueKey: "haapsalu-centre",
        rule: { frequency: "weekly", startDate: firstSunday, startTime: "17:00", durationMinutes: 120, count: 12 },
        title: cosyTitle,
        slots: ["language_cafe", "crafts"],
        cancelIndex: 5,
        // The women's evenings are for women only (issue 16).
        audience: "women",
      },
      {
        venueKey: "paide-library",
        rule: {
          frequency: "monthly",
          startDate: `${seasonYear}-10-01`,
          monthlyWeek: 1,
          monthlyWeekday: 3,
          startTime: "18:00",
          durationMinutes: 90,
          until: `${seasonYear + 1}-05-31`,
        },
        title: { et: "Hubane nurk: keelekohvik", en: "Cosy corner: language café", ru: "Уютный уголок: языковое кафе", uk: "Затишний куточок: мовне кафе" },
        slots: ["language_cafe", null],
        audience: "everyone",
      },
    ];
    for (const spec of seriesRules) {
      const v = venue(spec.venueKey);
      const series = await trx
        .insertInto("series")
        .values({
          venue_id: venueIds.get(spec.venueKey)!,
          title: JSON.stringify(spec.title),
          description: JSON.stringify(cosyDescription),
          frequency: spec.rule.frequency,
          start_date: spec.rule.startDate,
          monthly_week: spec.rule.monthlyWeek ?? null,
          monthly_weekday: spec.rule.monthlyWeekday ?? null,
          start_time: spec.rule.startTime,
          duration_minutes: spec.rule.durationMinutes,
          until_date: spec.rule.until ?? null,
          session_count: spec.rule.count ?? null,
          capacity: v.capacity,
          languages: JSON.stringify(v.languages),
          slot_offers: JSON.stringify(spec.slots),
          is_public: 1,
          audience: spec.audience,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const occurrence of occurrences(spec.rule)) {
        const cancelled = occurrence.index === spec.cancelIndex;
        await createEvent({
          kind: "cosy_corner",
          title: spec.title,
          description: cosyDescription,
          venueKey: spec.venueKey,
          startsAt: occurrence.startsAt,
          endsAt: occurrence.endsAt,
          slots: spec.slots,
          seriesId: series.id,
          occurrenceDate: occurrence.localDate,
          expectedAudience: 12,
          audience: spec.audience,
          state: cancelled ? "cancelled" : undefined,
          cancelReason: "Saal on sel päeval kinni. / The hall is closed that day.",
        });
      }
    }

    // Forums: one held in the autumn (with "you said, we did"), one still to come.
    const forumTitle: LocalizedText = {
      et: "Foorum: mida vajab Hiiumaa, et uued inimesed end koduselt tunneksid?",
      en: "Forum: what does Hiiumaa need so that newcomers feel at home?",
      ru: "Форум: что нужно Хийумаа, чтобы новые люди чувствовали себя как дома?",
      uk: "Форум: що потрібно Гіюмаа, щоб нові люди почувалися як удома?",
    };
    const pastForumDay = format(addDays(seasonStart, 44), "yyyy-MM-dd");
    await createEvent({
      kind: "forum",
      title: forumTitle,
      description: forumTitle,
      venueKey: "kardla-centre",
      startsAt: zonedInstant(pastForumDay, "17:30").toISOString(),
      endsAt: zonedInstant(pastForumDay, "19:30").toISOString(),
      slots: ["story", "interpreting"],
      topic: "Welcoming newcomers on Hiiumaa",
      outcomeSaid:
        "Inimesed soovisid eesti keele vestlusringi ja infot üürikorterite kohta. / People asked for an Estonian conversation circle and information about rental flats.",
      outcomeDone:
        "Kärdla raamatukogus alustas iganädalane keelekohvik ja vald avaldas üüriinfo kolmes keeles. / A weekly language café started at Kärdla library and the municipality published rental information in three languages.",
    });
    const futureForumDay = format(addDays(seasonStart, 200), "yyyy-MM-dd");
    await createEvent({
      kind: "forum",
      title: {
        et: "Foorum: Võrumaa kogukonnad ja uued naabrid",
        en: "Forum: Võru county communities and new neighbours",
        ru: "Форум: общины Вырумаа и новые соседи",
        uk: "Форум: громади Вирумаа і нові сусіди",
      },
      description: COMMUNITY_DESCRIPTION,
      venueKey: "voru-library",
      startsAt: zonedInstant(futureForumDay, "17:00").toISOString(),
      endsAt: zonedInstant(futureForumDay, "19:00").toISOString(),
      slots: ["story", "interpreting"],
      topic: "Local services for newcomers",
    });

    // Café requests: pending ones, one accepted (with its draft event) and one declined.
    const requestWindow = (fromDays: number, toDays: number) => ({
      window_from: format(addDays(options.now, fromDays), "yyyy-MM-dd"),
      window_to: format(addDays(options.now, toDays), "yyyy-MM-dd"),
    });
    const requestRows = [
      {
        organisation: "Orissaare Kohvik Pärl",
        contact_name: "Tiina Saar",
        email: "tiina@parl.example",
        town: "orissaare",
        venue_name: "Kohvik Pärl",
        venue_address: "Kuivastu mnt 4",
        kind: "community_event" as const,
        ...requestWindow(30, 75),
        wishes: ["crafts", "food", "music"],
        expected_audience: 40,
        message: "Meie külas pole kunagi pagulastega kohtutud. Tahaks turgu ja muusikat!",
        state: "new" as const,
      },
      {
        organisation: "Ruhnu Vallavalitsus",
        contact_name: "Aivar Lind",
        email: "aivar@ruhnu.example",
        town: "ruhnu",
        venue_name: "Ruhnu Rahvamaja",
        venue_address: "Ruhnu küla",
        kind: "community_event" as const,
        ...requestWindow(150, 200),
        wishes: ["story", "food"],
        expected_audience: 25,
        message: "Suvel, kui praam käib. In summer, when the ferry runs.",
        state: "new" as const,
      },
      {
        organisation: "Otepää Naisselts",
        contact_name: "Maris Org",
        email: "maris@otepaa.example",
        town: "otepaa",
        venue_name: "Otepää Kultuurikeskus",
        venue_address: "Lipuväljak 13",
        kind: "cosy_corner" as const,
        ...requestWindow(20, 120),
        wishes: ["language_cafe", "crafts"],
        expected_audience: 12,
        message: "Sooviksime igakuist hubast nurka naistele.",
        state: "new" as const,
      },
      {
        organisation: "Vormsi Raamatukogu",
        contact_name: "Liis Holm",
        email: "liis@vormsi.example",
        town: "hullo",
        venue_name: "Vormsi Raamatukogu",
        venue_address: "Hullo küla",
        kind: "forum" as const,
        ...requestWindow(40, 90),
        wishes: ["story"],
        expected_audience: 20,
        message: "Foorum saare tuleviku teemal.",
        state: "declined" as const,
      },
    ];
    let requestCount = 0;
    let hostRequestId = 0;
    let hostWindowTo = "";
    for (const r of requestRows) {
      const { town: slug, ...values } = r;
      const row = await trx
        .insertInto("event_request")
        .values({
          ...values,
          town_id: town(slug).id,
          wishes: JSON.stringify(values.wishes),
          weekdays: JSON.stringify([6]),
          time_of_day: "afternoon",
          local_languages: JSON.stringify(["et"]),
          venue_capacity: null,
          venue_step_free: 1,
          venue_child_friendly: 1,
          locale: "et",
          decision_reason:
            values.state === "declined"
              ? "Sel kevadel on Vormsil juba kaks üritust; pakume foorumit sügisel. / Vormsi already has two events this spring; we offer a forum in the autumn."
              : null,
          decided_by: values.state === "declined" ? admin.id : null,
          decided_at: values.state === "declined" ? nowIso : null,
          created_at: new Date(options.now.getTime() - (requestCount + 1) * 3 * 86400_000).toISOString(),
          updated_at: nowIso,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (requestCount === 0) {
        hostRequestId = row.id;
        hostWindowTo = r.window_to;
      }
      requestCount += 1;
    }
    // The demo host link expires like any other (app/domain/schedule/hostLink.ts), so the demo shows the real rule.
    await issueToken(trx, "host_request", hostRequestId, { token: DEMO_TOKENS.host, expiresAt: hostLinkExpiry(hostWindowTo) });

    // Line-ups: past events were attended; the next two weeks are accepted or still invited.
    const load = new Map<number, number>();
    const dayTaken = new Set<string>();
    const soon = new Date(options.now.getTime() + 14 * 86400_000).toISOString();
    let turn = 0;
    for (const event of createdEvents) {
      if (event.state === "cancelled" || event.state === "draft" || event.startsAt > soon) continue;
      const day = event.startsAt.slice(0, 10);
      const taken = new Set<number>();
      for (const slot of event.slots) {
        // The least-loaded reachable participant who offers what the slot asks for.
        const candidates = participants
          .filter((p) => !taken.has(p.id) && !dayTaken.has(`${p.id}:${day}`))
          .filter((p) => (event.audience !== "women" || p.woman) && (event.audience !== "families" || p.children))
          .filter((p) => slot.offer === null || p.offers.includes(slot.offer))
          .map((p) => ({ p, minutes: planner.minutes(p.homeTownId, event.townId) }))
          .filter((c): c is { p: (typeof participants)[number]; minutes: number } => c.minutes !== null && c.minutes <= 300)
          .sort((a, b) => (load.get(a.p.id) ?? 0) - (load.get(b.p.id) ?? 0) || a.minutes - b.minutes || ((a.p.id + turn) % 7) - ((b.p.id + turn) % 7));
        const pick = candidates[0];
        if (!pick) continue;
        turn += 1;
        taken.add(pick.p.id);
        dayTaken.add(`${pick.p.id}:${day}`);
        load.set(pick.p.id, (load.get(pick.p.id) ?? 0) + 1);
        const past = event.state === "completed";
        const status = past ? (turn % 11 === 0 ? "no_show" : "attended") : turn % 4 === 0 ? "invited" : "accepted";
        const assignment = await trx
          .insertInto("assignment")
          .values({
            event_id: event.id,
            slot_id: slot.id,
            participant_id: pick.p.id,
            status,
            explanation: JSON.stringify([{ code: "travel", params: { minutes: pick.minutes } }]),
            travel_minutes: pick.minutes,
            invited_at: nowIso,
            responded_at: status === "invited" ? null : nowIso,
            created_at: nowIso,
            updated_at: nowIso,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        if (status === "attended" && turn % 3 === 0) {
          // Travel claims in every state (issue 17), with valid test IBANs; rejected ones say why.
          const claimState = DEMO_CLAIM_STATES[Math.floor(turn / 3) % DEMO_CLAIM_STATES.length];
          const amount = 1200 + pick.minutes * 10;
          const claim = await trx
            .insertInto("travel_claim")
            .values({
              assignment_id: assignment.id,
              amount_cents: amount,
              description: "Bus and ferry tickets",
              status: claimState,
              rejection_reason: claimState === "rejected" ? "Piletit ei ole lisatud – lisa palun pileti foto." : null,
              decided_by: claimState === "submitted" ? null : admin.id,
              decided_at: claimState === "submitted" ? null : nowIso,
              created_at: nowIso,
              updated_at: nowIso,
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          await trx.insertInto("travel_claim_line").values({ claim_id: claim.id, position: 0, kind: "bus", km: null, amount_cents: amount }).execute();
          await trx
            .updateTable("participant")
            .set({ iban: DEMO_IBANS[pick.p.id % DEMO_IBANS.length], account_holder: null })
            .where("id", "=", pick.p.id)
            .where("iban", "is", null)
            .execute();
        }
      }
      if (event.state === "completed") await addFeedback(trx, event.id, turn, admin.id, nowIso);
    }

    return { events: eventCount, participants: participants.length, venues: VENUES.length, requests: requestCount };
  });
}

/** Demo travel claims go through every state; the IBANs are valid test numbers (checksums hold), not real accounts. */
const DEMO_CLAIM_STATES = ["submitted", "approved", "paid", "rejected", "submitted"] as const;
const DEMO_IBANS = ["EE382200221020145685", "EE501010220012345675", "EE212200001234567897", "EE237700771001234560"];

const FEEDBACK_TEXTS = [
  { author: "host" as const, rating: 5, text: "Saal oli rahvast täis ja ukraina borš sai otsa esimese tunniga. Tulge jälle!" },
  { author: "local" as const, rating: 5, text: "Kuulsin esimest korda, kuidas on põgeneda sõja eest. Väga liigutav." },
  { author: "local" as const, rating: 4, text: "Tore üritus, aga võiks olla rohkem infot ette – sain teada alles samal päeval." },
  { author: "participant" as const, rating: 5, text: "People were so kind. I sold almost all my brooches." },
];

async function addFeedback(trx: Trx, eventId: number, turn: number, adminId: number, nowIso: string) {
  for (const [i, f] of FEEDBACK_TEXTS.entries()) {
    if ((turn + i) % 2 === 1) continue;
    await trx
      .insertInto("feedback")
      .values({
        event_id: eventId,
        author_kind: f.author,
        rating: f.rating,
        text: f.text,
        response: f.rating < 5 ? "Saadame nüüd kuulutuse valla lehte kaks nädalat ette. / We now announce events in the parish paper two weeks ahead." : null,
        responded_by: f.rating < 5 ? adminId : null,
        responded_at: f.rating < 5 ? nowIso : null,
        created_at: nowIso,
      })
      .execute();
  }
}

function slugify(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[^\w-]/g, "")
    .toLowerCase();
}
