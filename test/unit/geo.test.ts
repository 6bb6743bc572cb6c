import { describe, expect, it } from "vitest";
import { FERRY_LINKS, TOWNS } from "#db/seed/geography";
import {
  AVERAGE_SPEED_KMH,
  ROAD_FACTOR,
  clockToMinutes,
  createTravelPlanner,
  geoFromSeed,
  haversineKm,
  minutesToClock,
  roadMinutes,
  type GeoFerry,
  type GeoTown,
  type Journey,
} from "~/domain/geo";

// The seed with ids 1..n, as the database would give them.
const idBySlug = new Map(TOWNS.map((town, i) => [town.slug, i + 1]));
const slugById = new Map([...idBySlug].map(([slug, id]) => [id, slug]));
const id = (slug: string): number => {
  const found = idBySlug.get(slug);
  if (found === undefined) throw new Error(`no town ${slug} in the seed`);
  return found;
};
const landmassOf = new Map(TOWNS.map((town) => [id(town.slug), town.landmass]));
const geo = geoFromSeed(TOWNS, FERRY_LINKS, idBySlug);
const planner = createTravelPlanner(geo.towns, geo.ferries);

const journey = (from: string, to: string): Journey => {
  const found = planner.journey(id(from), id(to));
  if (!found) throw new Error(`no journey ${from}→${to}`);
  return found;
};
const ferries = (j: Journey) => j.legs.filter((leg) => leg.kind === "ferry").map((leg) => `${slugById.get(leg.fromTownId)}→${slugById.get(leg.toTownId)}`);

describe("haversineKm", () => {
  it("measures Tallinn–Tartu as the crow flies", () => {
    const km = haversineKm({ lat: 59.437, lon: 24.7536 }, { lat: 58.378, lon: 26.729 });
    expect(km).toBeGreaterThan(162);
    expect(km).toBeLessThan(166);
  });

  it("is zero for one point and symmetric", () => {
    const a = { lat: 58.2481, lon: 22.5039 };
    const b = { lat: 58.9978, lon: 22.7492 };
    expect(haversineKm(a, a)).toBe(0);
    expect(haversineKm(a, b)).toBeCloseTo(haversineKm(b, a), 10);
  });

  it("gives one degree of latitude as about 111 km", () => {
    expect(haversineKm({ lat: 58, lon: 25 }, { lat: 59, lon: 25 })).toBeCloseTo(111.2, 0);
  });
});

describe("road time", () => {
  it("is great-circle km × ROAD_FACTOR / AVERAGE_SPEED_KMH in minutes", () => {
    expect(roadMinutes(100)).toBeCloseTo(((100 * ROAD_FACTOR) / AVERAGE_SPEED_KMH) * 60, 10);
  });
});

describe("travel planner on the real seed", () => {
  it.each([
    ["tallinn", "kuressaare", 170, 200],
    ["tartu", "narva", 105, 135],
    ["tallinn", "tartu", 120, 150],
    ["tallinn", "parnu", 95, 120],
    ["tallinn", "kardla", 150, 200],
  ])("%s → %s takes %i–%i minutes door to door", (from, to, low, high) => {
    const minutes = journey(from, to).minutes;
    expect(minutes).toBeGreaterThanOrEqual(low);
    expect(minutes).toBeLessThanOrEqual(high);
  });

  it("takes the Virtsu–Kuivastu ferry from Tallinn to Kuressaare", () => {
    expect(ferries(journey("tallinn", "kuressaare"))).toEqual(["virtsu→kuivastu"]);
  });

  it("takes the Rohuküla–Heltermaa ferry from Tallinn to Kärdla", () => {
    expect(ferries(journey("tallinn", "kardla"))).toEqual(["rohukula→heltermaa"]);
  });

  it("crosses Soela strait (Triigi–Sõru) from Kuressaare to Kärdla, not round via the mainland", () => {
    expect(ferries(journey("kuressaare", "kardla"))).toEqual(["triigi→soru"]);
    expect(ferries(journey("kardla", "kuressaare"))).toEqual(["soru→triigi"]);
  });

  it("drives without a ferry on the mainland and across the Muhu causeway", () => {
    for (const [from, to] of [
      ["tallinn", "tartu"],
      ["tartu", "narva"],
      ["tallinn", "parnu"],
      ["kuressaare", "kuivastu"],
      ["liiva", "kuressaare"],
    ]) {
      const j = journey(from, to);
      expect(ferries(j)).toEqual([]);
      expect(j.legs).toHaveLength(1);
    }
  });

  it("reaches the small islands by their own boats", () => {
    expect(ferries(journey("tallinn", "kihnu"))).toEqual(["munalaid→kihnu"]);
    expect(ferries(journey("tallinn", "manilaid"))).toEqual(["munalaid→manilaid"]);
    expect(ferries(journey("tallinn", "sviby"))).toEqual(["rohukula→sviby"]);
    expect(ferries(journey("tallinn", "abruka"))).toEqual(["virtsu→kuivastu", "roomassaare→abruka"]);
    expect(ferries(journey("tartu", "piirissaare"))).toEqual(["laaksaare→piirissaare"]);
    expect(ferries(journey("tallinn", "ruhnu"))).toHaveLength(1);
  });

  it("counts a ferry as check-in wait plus crossing", () => {
    const leg = journey("tallinn", "kuressaare").legs.find((l) => l.kind === "ferry");
    expect(leg).toMatchObject({ kind: "ferry", waitMinutes: 15, crossingMinutes: 28, minutes: 43, lastDeparture: "23:15" });
  });

  it("is 0 minutes with no legs from a town to itself", () => {
    const j = planner.journey(id("kuressaare"), id("kuressaare"));
    expect(j).toEqual({ fromTownId: id("kuressaare"), toTownId: id("kuressaare"), minutes: 0, roadKm: 0, legs: [] });
    expect(planner.minutes(id("tallinn"), id("tallinn"))).toBe(0);
    expect(planner.latestDeparture(id("kardla"), id("kardla"))).toBeNull();
  });

  it("keeps every journey a chain of roads within a landmass and ferries between landmasses", () => {
    const ids = geo.towns.map((t) => t.id);
    for (const from of ids) {
      for (const to of ids) {
        const j = planner.journey(from, to);
        expect(j, `${slugById.get(from)}→${slugById.get(to)}`).not.toBeNull();
        if (!j) continue;
        let at = from;
        for (const leg of j.legs) {
          expect(leg.fromTownId).toBe(at);
          const same = landmassOf.get(leg.fromTownId) === landmassOf.get(leg.toTownId);
          expect(same).toBe(leg.kind === "road");
          at = leg.toTownId;
        }
        expect(at).toBe(to);
        expect(j.minutes).toBe(j.legs.reduce((sum, leg) => sum + leg.minutes, 0));
      }
    }
  });

  it("is symmetric: there and back take the same time", () => {
    const ids = geo.towns.map((t) => t.id);
    for (const a of ids) {
      for (const b of ids) {
        expect(planner.minutes(a, b), `${slugById.get(a)}↔${slugById.get(b)}`).toBe(planner.minutes(b, a));
      }
    }
  });

  it("memoises: asking twice returns the same frozen journey", () => {
    const first = planner.journey(id("narva"), id("kardla"));
    expect(planner.journey(id("narva"), id("kardla"))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.legs)).toBe(true);
  });

  it("answers minutes and latest departure as its journeys lay them out, for every pair of towns", () => {
    // minutes and latestDeparture walk the route without building journeys; a planner of its own
    // makes sure neither answer comes from a journey already built.
    const fast = createTravelPlanner(geo.towns, geo.ferries);
    for (const a of geo.towns) {
      for (const b of geo.towns) {
        const j = planner.journey(a.id, b.id);
        let latest: number | null = null;
        let elapsed = 0;
        for (const leg of j?.legs ?? []) {
          if (leg.kind === "ferry" && leg.lastDeparture !== null) {
            const mustLeaveBy = clockToMinutes(leg.lastDeparture) - elapsed - leg.waitMinutes;
            latest = latest === null ? mustLeaveBy : Math.min(latest, mustLeaveBy);
          }
          elapsed += leg.minutes;
        }
        const pair = `${slugById.get(a.id)}→${slugById.get(b.id)}`;
        expect(fast.minutes(a.id, b.id), pair).toBe(j ? j.minutes : null);
        expect(fast.latestDeparture(a.id, b.id), pair).toBe(latest);
      }
    }
  });

  it("says when to leave Tallinn to make the last Virtsu ferry", () => {
    const j = journey("tallinn", "kuressaare");
    const drive = j.legs[0].minutes;
    expect(planner.latestDeparture(id("tallinn"), id("kuressaare"))).toBe(clockToMinutes("23:15") - drive - 15);
    expect(planner.latestDeparture(id("tallinn"), id("tartu"))).toBeNull();
  });

  it("leaves Ruhnu unreachable in winter but keeps Kihnu via Munalaid", () => {
    const winter = geoFromSeed(TOWNS, FERRY_LINKS, idBySlug, { includeSeasonal: false });
    const winterPlanner = createTravelPlanner(winter.towns, winter.ferries);
    expect(winterPlanner.journey(id("tallinn"), id("ruhnu"))).toBeNull();
    expect(winterPlanner.minutes(id("ruhnu"), id("tallinn"))).toBeNull();
    expect(winterPlanner.latestDeparture(id("tallinn"), id("ruhnu"))).toBeNull();
    expect(winterPlanner.minutes(id("tallinn"), id("kihnu"))).toBe(planner.minutes(id("tallinn"), id("kihnu")));
  });
});

describe("travel planner on hand-made graphs", () => {
  // Towns along one meridian (0.1° of latitude ≈ 11 km); the landmass labels make some of them islands.
  const town = (townId: number, lat: number, landmass: GeoTown["landmass"], lon = 24): GeoTown => ({ id: townId, lat, lon, landmass });
  const ferry = (from: number, to: number, crossing: number, wait: number, last: [string | null, string | null] = [null, null]): GeoFerry => ({
    fromTownId: from,
    toTownId: to,
    crossingMinutes: crossing,
    waitMinutes: wait,
    lastDepartureFrom: last[0],
    lastDepartureTo: last[1],
  });
  const home = town(1, 58.0, "mainland");
  const port = town(2, 58.5, "mainland");
  const islandPort = town(3, 58.6, "saaremaa");
  const islandTown = town(4, 58.7, "saaremaa");
  const otherIsland = town(6, 59.0, "hiiumaa");
  const road = (a: GeoTown, b: GeoTown) => Math.round(roadMinutes(haversineKm(a, b)));

  it("returns null when no ferry reaches the island", () => {
    const p = createTravelPlanner([home, port, islandPort], []);
    expect(p.journey(1, 3)).toBeNull();
    expect(p.minutes(3, 1)).toBeNull();
    expect(p.latestDeparture(1, 3)).toBeNull();
    expect(p.minutes(1, 2)).toBe(road(home, port));
  });

  it("drives to the port, crosses, and drives on", () => {
    const p = createTravelPlanner([home, port, islandPort, islandTown], [ferry(2, 3, 30, 10)]);
    const j = p.journey(1, 4);
    expect(j?.legs.map((l) => [l.kind, l.fromTownId, l.toTownId])).toEqual([
      ["road", 1, 2],
      ["ferry", 2, 3],
      ["road", 3, 4],
    ]);
    expect(j?.minutes).toBe(road(home, port) + 40 + road(islandPort, islandTown));
    expect(j?.roadKm).toBeCloseTo((haversineKm(home, port) + haversineKm(islandPort, islandTown)) * ROAD_FACTOR, 1);
  });

  it("weighs the drive to the port against the crossing", () => {
    // Port 2 is ≈56 km (≈46 min) north of home; port 8 only ≈11 km south of it.
    const nearPort = town(8, 57.9, "mainland");
    const viaFerryFrom = (nearCrossing: number) =>
      createTravelPlanner([home, port, islandPort, nearPort], [ferry(2, 3, 60, 10), ferry(8, 3, nearCrossing, 10)])
        .journey(1, 3)
        ?.legs.find((l) => l.kind === "ferry")?.fromTownId;
    expect(viaFerryFrom(200)).toBe(2); // 46 + 70 beats 9 + 210: drive further for the short crossing
    expect(viaFerryFrom(90)).toBe(8); // 9 + 100 beats 46 + 70
  });

  it("uses the return timetable in the other direction", () => {
    const p = createTravelPlanner([home, port, islandPort], [ferry(2, 3, 30, 10, ["20:00", "18:00"])]);
    expect(p.journey(3, 1)?.legs[0]).toMatchObject({ kind: "ferry", fromTownId: 3, toTownId: 2, lastDeparture: "18:00" });
    expect(p.latestDeparture(3, 1)).toBe(clockToMinutes("18:00") - 10);
    expect(p.latestDeparture(1, 3)).toBe(clockToMinutes("20:00") - road(home, port) - 10);
  });

  it("takes the tightest of several ferries for the latest departure", () => {
    const p = createTravelPlanner([home, port, islandPort, islandTown, otherIsland], [ferry(2, 3, 30, 10, ["20:00", null]), ferry(4, 6, 60, 15, ["16:00", null])]);
    const j = p.journey(1, 6);
    expect(j?.legs.filter((l) => l.kind === "ferry")).toHaveLength(2);
    // Second sailing: leave by 16:00 − (drive + first ferry + island drive) − its check-in.
    const beforeSecond = road(home, port) + 40 + road(islandPort, islandTown);
    expect(p.latestDeparture(1, 6)).toBe(Math.min(20 * 60 - road(home, port) - 10, 16 * 60 - beforeSecond - 15));
  });

  it("ignores ferries whose last sailing is unknown", () => {
    const p = createTravelPlanner([home, port, islandPort], [ferry(2, 3, 30, 10)]);
    expect(p.journey(1, 3)).not.toBeNull();
    expect(p.latestDeparture(1, 3)).toBeNull();
  });

  it("goes straight rather than via a town on the way", () => {
    const middle = town(7, 58.25, "mainland");
    const p = createTravelPlanner([home, middle, port], []);
    expect(p.journey(1, 2)?.legs).toHaveLength(1);
  });

  it("throws on bad input, which is our mistake, not the user's", () => {
    expect(() => createTravelPlanner([home, { ...port, id: 1 }], [])).toThrow(/Duplicate town id 1/);
    expect(() => createTravelPlanner([home], [ferry(1, 99, 10, 5)])).toThrow(/Unknown town id 99/);
    expect(() => createTravelPlanner([home, islandPort], [ferry(1, 3, 10, 5, ["25:00", null])])).toThrow(/HH:MM/);
    expect(() => createTravelPlanner([{ ...home, lat: Number.NaN }], [])).toThrow(/coordinates/);
    const p = createTravelPlanner([home], []);
    expect(() => p.journey(1, 42)).toThrow(/Unknown town id 42/);
  });
});

describe("geoFromSeed", () => {
  const towns = [
    { slug: "a", lat: 58, lon: 24, landmass: "mainland" as const },
    { slug: "b", lat: 58.1, lon: 23.9, landmass: "kihnu" as const },
  ];
  const links = [{ from: "a", to: "b", crossingMinutes: 60, waitMinutes: 15, lastDepartureFrom: "17:45", lastDepartureTo: null, seasonal: true }];

  it("maps slugs to ids from a Map or a plain object", () => {
    const fromRecord = geoFromSeed(towns, links, { a: 10, b: 20 });
    expect(fromRecord.towns).toEqual([
      { id: 10, lat: 58, lon: 24, landmass: "mainland" },
      { id: 20, lat: 58.1, lon: 23.9, landmass: "kihnu" },
    ]);
    expect(fromRecord.ferries).toEqual([{ fromTownId: 10, toTownId: 20, crossingMinutes: 60, waitMinutes: 15, lastDepartureFrom: "17:45", lastDepartureTo: null }]);
    expect(
      geoFromSeed(
        towns,
        links,
        new Map([
          ["a", 10],
          ["b", 20],
        ]),
      ),
    ).toEqual(fromRecord);
  });

  it("drops seasonal links on request", () => {
    expect(geoFromSeed(towns, links, { a: 1, b: 2 }, { includeSeasonal: false }).ferries).toEqual([]);
  });

  it("throws for a slug without an id", () => {
    expect(() => geoFromSeed(towns, links, { a: 1 })).toThrow(/slug "b"/);
  });
});

describe("clock", () => {
  it("converts both ways", () => {
    expect(clockToMinutes("00:00")).toBe(0);
    expect(clockToMinutes("23:15")).toBe(1395);
    expect(minutesToClock(1395)).toBe("23:15");
    expect(minutesToClock(65)).toBe("01:05");
  });

  it("rejects what is not a time of day", () => {
    for (const bad of ["7:30", "24:00", "12:60", "noon", ""]) expect(() => clockToMinutes(bad)).toThrow();
    for (const bad of [-1, 1440, 1.5]) expect(() => minutesToClock(bad)).toThrow();
  });
});
