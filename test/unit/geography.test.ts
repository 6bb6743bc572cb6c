import { describe, expect, it } from "vitest";
import { FERRY_LINKS, REGIONS, TOWNS } from "#db/seed/geography";
import { LANDMASSES } from "~/domain/vocabulary";
import { clockToMinutes, createTravelPlanner, geoFromSeed } from "~/domain/geo";

const townBySlug = new Map(TOWNS.map((town) => [town.slug, town]));
const town = (slug: string) => {
  const found = townBySlug.get(slug);
  if (!found) throw new Error(`no town ${slug}`);
  return found;
};

describe("regions", () => {
  it("are the 15 counties with their current ISO 3166-2 codes", () => {
    expect(REGIONS).toHaveLength(15);
    expect(new Set(REGIONS.map((r) => r.code))).toEqual(
      new Set(["EE-37", "EE-39", "EE-45", "EE-50", "EE-52", "EE-56", "EE-60", "EE-64", "EE-68", "EE-71", "EE-74", "EE-79", "EE-81", "EE-84", "EE-87"]),
    );
  });

  it("each have a name in Estonian, English, Russian and Ukrainian", () => {
    for (const region of REGIONS) {
      expect(Object.keys(region.names).sort()).toEqual(["en", "et", "ru", "uk"]);
      for (const name of Object.values(region.names)) expect(name.trim()).not.toBe("");
      expect(region.names.et).toMatch(/maa$/);
      expect(region.names.en).toMatch(/ County$/);
      expect(region.names.ru).toMatch(/^[А-Яа-яЁё-]+$/);
      expect(region.names.uk).toMatch(/^[А-Яа-яІіЇїЄєҐґ'-]+$/);
    }
    expect(REGIONS.find((r) => r.code === "EE-37")?.names).toEqual({ et: "Harjumaa", en: "Harju County", ru: "Харьюмаа", uk: "Гар'юмаа" });
  });
});

describe("towns", () => {
  it("are at least 85, with unique lowercase ascii slugs and unique names", () => {
    expect(TOWNS.length).toBeGreaterThanOrEqual(85);
    expect(new Set(TOWNS.map((t) => t.slug)).size).toBe(TOWNS.length);
    expect(new Set(TOWNS.map((t) => t.name)).size).toBe(TOWNS.length);
    for (const t of TOWNS) expect(t.slug).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it("each lie in a known county, inside Estonia, with 4-decimal coordinates", () => {
    const codes = new Set(REGIONS.map((r) => r.code));
    for (const t of TOWNS) {
      expect(codes.has(t.regionCode), t.slug).toBe(true);
      expect(t.lat, t.slug).toBeGreaterThanOrEqual(57.5);
      expect(t.lat, t.slug).toBeLessThanOrEqual(59.8);
      expect(t.lon, t.slug).toBeGreaterThanOrEqual(21.7);
      expect(t.lon, t.slug).toBeLessThanOrEqual(28.3);
      expect(Math.round(t.lat * 1e4) / 1e4).toBe(t.lat);
      expect(Math.round(t.lon * 1e4) / 1e4).toBe(t.lon);
      expect(LANDMASSES).toContain(t.landmass);
    }
  });

  it("put the landmarks where they are", () => {
    expect(town("tallinn")).toMatchObject({ lat: 59.437, lon: 24.7536, regionCode: "EE-37" });
    expect(town("tartu")).toMatchObject({ lat: 58.378, lon: 26.729, regionCode: "EE-79" });
    expect(town("narva")).toMatchObject({ lat: 59.3772, lon: 28.1903, regionCode: "EE-45" });
    expect(town("kuressaare")).toMatchObject({ lat: 58.2481, lon: 22.5039, regionCode: "EE-74" });
    expect(town("kardla")).toMatchObject({ lat: 58.9978, lon: 22.7492, regionCode: "EE-39" });
  });

  it("include every county", () => {
    const used = new Set(TOWNS.map((t) => t.regionCode));
    for (const region of REGIONS) expect(used.has(region.code), region.code).toBe(true);
  });

  it("include every inhabited ferry island with its ports, on the right landmass", () => {
    const expected: Record<string, string> = {
      kuressaare: "saaremaa",
      orissaare: "saaremaa",
      triigi: "saaremaa",
      roomassaare: "saaremaa",
      kuivastu: "saaremaa",
      liiva: "saaremaa", // Muhu, joined to Saaremaa by the causeway
      kardla: "hiiumaa",
      kaina: "hiiumaa",
      heltermaa: "hiiumaa",
      soru: "hiiumaa",
      emmaste: "hiiumaa",
      kihnu: "kihnu",
      sviby: "vormsi",
      hullo: "vormsi",
      ruhnu: "ruhnu",
      manilaid: "manilaid",
      abruka: "abruka",
      piirissaare: "piirissaar",
      virtsu: "mainland",
      rohukula: "mainland",
      munalaid: "mainland",
      parnu: "mainland",
      laaksaare: "mainland",
    };
    for (const [slug, landmass] of Object.entries(expected)) expect(town(slug).landmass, slug).toBe(landmass);
    for (const landmass of LANDMASSES)
      expect(
        TOWNS.some((t) => t.landmass === landmass),
        landmass,
      ).toBe(true);
  });

  it("keep each island in its county", () => {
    const countyOf: Record<string, string[]> = {
      saaremaa: ["EE-74"],
      abruka: ["EE-74"],
      ruhnu: ["EE-74"],
      hiiumaa: ["EE-39"],
      kihnu: ["EE-68"],
      manilaid: ["EE-68"],
      vormsi: ["EE-56"],
      piirissaar: ["EE-79"],
    };
    for (const t of TOWNS) {
      if (t.landmass !== "mainland") expect(countyOf[t.landmass], t.slug).toContain(t.regionCode);
      else expect(["EE-39", "EE-74"], t.slug).not.toContain(t.regionCode);
    }
  });

  it("mark where refugees and migrants already live, and no island", () => {
    for (const slug of ["tallinn", "tartu", "narva", "parnu", "maardu", "kohtla-jarve", "sillamae", "johvi", "viljandi", "rakvere", "keila", "saue"]) {
      expect(town(slug).hasLocalCommunity, slug).toBe(true);
    }
    for (const slug of ["kuressaare", "kardla", "kihnu", "ruhnu", "orissaare", "lihula", "kehtna"]) {
      expect(town(slug).hasLocalCommunity, slug).toBe(false);
    }
    for (const t of TOWNS) if (t.landmass !== "mainland") expect(t.hasLocalCommunity, t.slug).toBe(false);
    // Enough of both kinds to make matching meaningful.
    expect(TOWNS.filter((t) => t.hasLocalCommunity).length).toBeGreaterThanOrEqual(12);
    expect(TOWNS.filter((t) => !t.hasLocalCommunity).length).toBeGreaterThanOrEqual(60);
  });
});

describe("ferry links", () => {
  it("join existing port towns on different landmasses", () => {
    for (const link of FERRY_LINKS) {
      const from = town(link.from);
      const to = town(link.to);
      expect(from.landmass, `${link.from}–${link.to}`).not.toBe(to.landmass);
      expect(from.isPort && to.isPort, `${link.from}–${link.to}`).toBe(true);
    }
  });

  it("cover every port and no pair twice", () => {
    const linked = new Set(FERRY_LINKS.flatMap((l) => [l.from, l.to]));
    for (const t of TOWNS) expect(linked.has(t.slug), t.slug).toBe(t.isPort);
    const pairs = FERRY_LINKS.map((l) => [l.from, l.to].sort().join("–"));
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it("include the regular island lines", () => {
    const pairs = new Set(FERRY_LINKS.map((l) => [l.from, l.to].sort().join("–")));
    for (const [a, b] of [
      ["virtsu", "kuivastu"],
      ["rohukula", "heltermaa"],
      ["soru", "triigi"],
      ["munalaid", "kihnu"],
      ["parnu", "kihnu"],
      ["rohukula", "sviby"],
      ["munalaid", "manilaid"],
      ["roomassaare", "abruka"],
      ["parnu", "ruhnu"],
      ["roomassaare", "ruhnu"],
      ["laaksaare", "piirissaare"],
    ]) {
      expect(pairs.has([a, b].sort().join("–")), `${a}–${b}`).toBe(true);
    }
  });

  it("have plausible minutes and timetable times", () => {
    for (const link of FERRY_LINKS) {
      expect(link.crossingMinutes).toBeGreaterThan(0);
      expect(link.crossingMinutes).toBeLessThanOrEqual(240);
      expect(link.waitMinutes).toBeGreaterThanOrEqual(0);
      expect(link.waitMinutes).toBeLessThanOrEqual(60);
      for (const last of [link.lastDepartureFrom, link.lastDepartureTo]) if (last !== null) expect(() => clockToMinutes(last)).not.toThrow();
    }
    const virtsu = FERRY_LINKS.find((l) => l.from === "virtsu" && l.to === "kuivastu");
    expect(virtsu?.crossingMinutes).toBe(28);
    const heltermaa = FERRY_LINKS.find((l) => l.from === "rohukula" && l.to === "heltermaa");
    expect(heltermaa?.crossingMinutes).toBe(75);
    const soela = FERRY_LINKS.find((l) => l.from === "soru" && l.to === "triigi");
    expect(soela?.crossingMinutes).toBe(65);
  });

  it("mark the summer-only Ruhnu and Pärnu–Kihnu lines as seasonal", () => {
    const seasonal = FERRY_LINKS.filter((l) => l.seasonal)
      .map((l) => `${l.from}–${l.to}`)
      .sort();
    expect(seasonal).toEqual(["parnu–kihnu", "parnu–ruhnu", "roomassaare–ruhnu"]);
  });

  it("reach every island landmass from Tallinn", () => {
    const idBySlug = new Map(TOWNS.map((t, i) => [t.slug, i + 1]));
    const geo = geoFromSeed(TOWNS, FERRY_LINKS, idBySlug);
    const planner = createTravelPlanner(geo.towns, geo.ferries);
    for (const landmass of LANDMASSES) {
      const somewhere = TOWNS.find((t) => t.landmass === landmass);
      if (!somewhere) throw new Error(`no town on ${landmass}`);
      expect(planner.journey(idBySlug.get("tallinn")!, idBySlug.get(somewhere.slug)!), landmass).not.toBeNull();
    }
    // And every single town, not just one per landmass.
    for (const t of TOWNS) expect(planner.minutes(idBySlug.get("tallinn")!, idBySlug.get(t.slug)!), t.slug).not.toBeNull();
  });
});
