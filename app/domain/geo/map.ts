/**
 * The map of Estonia as SVG path data: county outlines from offline Natural Earth data (see
 * data/README.md), projected like Estonia's own L-EST97 grid so the country keeps its familiar
 * shape. Pure and deterministic, so the server and the browser draw the same paths.
 */
import { geoConicConformal, geoPath, type GeoProjection } from "d3-geo";
import type { MultiPolygon, Polygon, Position } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

import countiesTopology from "./data/estonia-counties.topo.json";

/** Natural Earth's HASC codes → ISO 3166-2:EE (the codes in the `region` table). */
const COUNTY_CODES: Record<string, string> = {
  "EE.HA": "EE-37",
  "EE.HI": "EE-39",
  "EE.IV": "EE-45",
  "EE.JN": "EE-50",
  "EE.JR": "EE-52",
  "EE.LN": "EE-56",
  "EE.LV": "EE-60",
  "EE.PL": "EE-64",
  "EE.PR": "EE-68",
  "EE.RA": "EE-71",
  "EE.SA": "EE-74",
  // Natural Earth leaves Abruka unnamed; it belongs to Saare County.
  "-99": "EE-74",
  "EE.TA": "EE-79",
  "EE.VG": "EE-81",
  "EE.VD": "EE-84",
  "EE.VR": "EE-87",
};

export const MAP_WIDTH = 640;
const PADDING = 10;

export type CountyShape = { code: string; d: string };

export type EstoniaMap = {
  width: number;
  height: number;
  /** One shape per county (islands included in their county), in a stable order by code. */
  counties: CountyShape[];
  /** SVG coordinates of a WGS84 point, rounded to 0.1 px. */
  project: (lat: number, lon: number) => { x: number; y: number };
};

let cached: EstoniaMap | null = null;

/** The county outlines and the projection that places towns on them (computed once). */
export function estoniaMap(): EstoniaMap {
  if (cached) return cached;
  const topology = countiesTopology as unknown as Topology<{ est: GeometryCollection<{ name: string | null }> }>;
  const collection = feature(topology, topology.objects.est);

  const polygonsByCode = new Map<string, Position[][][]>();
  for (const county of collection.features) {
    const code = COUNTY_CODES[String(county.id)];
    if (!code) throw new Error(`Unknown county in map data: ${String(county.id)}`);
    const geometry = county.geometry as Polygon | MultiPolygon;
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    polygonsByCode.set(code, [...(polygonsByCode.get(code) ?? []), ...polygons]);
  }
  const shapes = [...polygonsByCode]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, coordinates]) => ({ code, geometry: { type: "MultiPolygon", coordinates } as MultiPolygon }));

  // L-EST97: Lambert conformal conic, standard parallels 58°00′ and 59°20′, central meridian 24°E.
  const projection: GeoProjection = geoConicConformal()
    .parallels([58, 59 + 20 / 60])
    .rotate([-24, 0])
    .fitWidth(MAP_WIDTH - 2 * PADDING, { type: "FeatureCollection", features: shapes.map((s) => ({ type: "Feature", properties: {}, geometry: s.geometry })) });
  const [, [, bottom]] = geoPath(projection).bounds({ type: "GeometryCollection", geometries: shapes.map((s) => s.geometry) });
  projection.translate([projection.translate()[0] + PADDING, projection.translate()[1] + PADDING]);
  const path = geoPath(projection).digits(1);

  cached = {
    width: MAP_WIDTH,
    height: Math.ceil(bottom + 2 * PADDING),
    counties: shapes.map((s) => ({ code: s.code, d: path(s.geometry) ?? "" })),
    project(lat, lon) {
      const [x, y] = projection([lon, lat]) ?? [0, 0];
      return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
    },
  };
  return cached;
}

export type MapDot = { x: number; y: number; r: number; label: string };
export type LabelPlacement = { x: number; y: number; anchor: "start" | "middle" | "end" } | null;

/**
 * Where to write each dot's name so that names overlap neither each other nor other dots:
 * right of the dot if it fits, else left, above or below; null when nowhere is free (the page
 * lists every town in text too). Greedy in the given order, so put the most important first.
 */
export function placeLabels(dots: MapDot[], fontSize: number, bounds: { width: number; height: number }): LabelPlacement[] {
  type Box = { left: number; right: number; top: number; bottom: number };
  const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const dotBoxes: Box[] = dots.map((d) => ({ left: d.x - d.r, right: d.x + d.r, top: d.y - d.r, bottom: d.y + d.r }));
  const placed: Box[] = [];
  return dots.map((dot, index) => {
    // An average glyph is a bit over half the font size wide.
    const width = dot.label.length * fontSize * 0.58;
    const half = fontSize * 0.6;
    const gap = 3;
    const candidates: { box: Box; place: NonNullable<LabelPlacement> }[] = [
      {
        box: { left: dot.x + dot.r + gap, right: dot.x + dot.r + gap + width, top: dot.y - half, bottom: dot.y + half },
        place: { x: dot.x + dot.r + gap, y: dot.y, anchor: "start" },
      },
      {
        box: { left: dot.x - dot.r - gap - width, right: dot.x - dot.r - gap, top: dot.y - half, bottom: dot.y + half },
        place: { x: dot.x - dot.r - gap, y: dot.y, anchor: "end" },
      },
      {
        box: { left: dot.x - width / 2, right: dot.x + width / 2, top: dot.y - dot.r - gap - 2 * half, bottom: dot.y - dot.r - gap },
        place: { x: dot.x, y: dot.y - dot.r - gap - half, anchor: "middle" },
      },
      {
        box: { left: dot.x - width / 2, right: dot.x + width / 2, top: dot.y + dot.r + gap, bottom: dot.y + dot.r + gap + 2 * half },
        place: { x: dot.x, y: dot.y + dot.r + gap + half, anchor: "middle" },
      },
    ];
    for (const candidate of candidates) {
      const { box } = candidate;
      if (box.left < 0 || box.top < 0 || box.right > bounds.width || box.bottom > bounds.height) continue;
      if (dotBoxes.some((other, j) => j !== index && overlaps(box, other))) continue;
      if (placed.some((other) => overlaps(box, other))) continue;
      placed.push(box);
      return candidate.place;
    }
    return null;
  });
}
