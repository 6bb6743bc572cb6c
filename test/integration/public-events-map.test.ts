import { geoContains } from "d3-geo";
import { describe, expect, it } from "vitest";

import { estoniaMap, placeLabels } from "~/domain/geo/map";
import { TOWNS } from "#db/seed/geography";

describe("map of Estonia", () => {
  const map = estoniaMap();

  it("has one shape per county, with the islands drawn", () => {
    expect(map.counties.map((c) => c.code)).toEqual([
      "EE-37",
      "EE-39",
      "EE-45",
      "EE-50",
      "EE-52",
      "EE-56",
      "EE-60",
      "EE-64",
      "EE-68",
      "EE-71",
      "EE-74",
      "EE-79",
      "EE-81",
      "EE-84",
      "EE-87",
    ]);
    const saare = map.counties.find((c) => c.code === "EE-74")!;
    // Saaremaa, Muhu, Ruhnu and Abruka are separate rings of the one county shape.
    expect(saare.d.match(/M/g)!.length).toBeGreaterThanOrEqual(4);
    expect(map.counties.find((c) => c.code === "EE-56")!.d.match(/M/g)!.length).toBeGreaterThanOrEqual(2); // with Vormsi
    expect(map.counties.find((c) => c.code === "EE-68")!.d.match(/M/g)!.length).toBeGreaterThanOrEqual(2); // with Kihnu
  });

  it("places every town inside the picture, west to east and south to north", () => {
    for (const town of TOWNS) {
      const { x, y } = map.project(town.lat, town.lon);
      expect(x, town.slug).toBeGreaterThan(0);
      expect(x, town.slug).toBeLessThan(map.width);
      expect(y, town.slug).toBeGreaterThan(0);
      expect(y, town.slug).toBeLessThan(map.height);
    }
    const at = (slug: string) => {
      const town = TOWNS.find((t) => t.slug === slug)!;
      return map.project(town.lat, town.lon);
    };
    expect(at("kihelkonna").x).toBeLessThan(at("narva").x);
    expect(at("ruhnu").y).toBeGreaterThan(at("kardla").y);
    expect(at("valga").y).toBeGreaterThan(at("tallinn").y);
  });

  it("puts island towns on their islands (Natural Earth 10 m keeps them)", async () => {
    const { feature } = await import("topojson-client");
    const topology = (await import("~/domain/geo/data/estonia-counties.topo.json")).default as never as Parameters<typeof feature>[0] & { objects: { est: never } };
    const counties = feature(topology, topology.objects.est) as unknown as GeoJSON.FeatureCollection;
    for (const slug of ["kuressaare", "kardla", "ruhnu", "kihnu", "hullo", "abruka"]) {
      const town = TOWNS.find((t) => t.slug === slug)!;
      expect(
        counties.features.some((f) => geoContains(f, [town.lon, town.lat])),
        slug,
      ).toBe(true);
    }
  });

  it("writes town names where they overlap neither dots nor other names", () => {
    const dots = [
      { x: 100, y: 100, r: 10, label: "Kärdla" },
      { x: 104, y: 130, r: 10, label: "Käina" },
      { x: 150, y: 100, r: 10, label: "Hullo" },
    ];
    const labels = placeLabels(dots, 19, { width: 640, height: 400 });
    expect(labels[0]).toMatchObject({ anchor: "end" }); // the right is taken by Hullo's dot
    expect(labels[1]).toMatchObject({ anchor: "start" });
    expect(labels[2]).toMatchObject({ anchor: "start" });
    expect(placeLabels([{ x: 5, y: 5, r: 4, label: "x".repeat(80) }], 19, { width: 100, height: 100 })).toEqual([null]);
  });
});
