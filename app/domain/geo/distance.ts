/**
 * Straight-line distance and the two constants that turn it into road time.
 *
 * We do not ship a road network: for ~100 towns in a small, flat country a great-circle
 * distance stretched by a detour factor predicts door-to-door driving time within a few
 * minutes on the routes coordinators know (see test/unit/geo.test.ts for the calibration).
 */

/** Mean Earth radius (IUGG), km. The error against the WGS84 ellipsoid is <0.5% at Estonia's latitude. */
const EARTH_RADIUS_KM = 6371.0088;

/**
 * Road distance ÷ great-circle distance. Measured on Estonian main routes it is 1.1–1.3
 * (Tallinn–Pärnu 1.09, Tallinn–Tartu 1.14, Kuivastu–Kuressaare 1.18, Tartu–Narva 1.29
 * because the road goes round Lake Peipus); 1.25 also absorbs the last kilometres from the
 * main road to the door and the slower streets inside towns.
 */
export const ROAD_FACTOR = 1.25;

/**
 * Average speed on that stretched distance, km/h. Main roads are 90 km/h (100–120 on
 * dual carriageways in summer); town driving is already paid for by ROAD_FACTOR.
 * Together: 1 great-circle km ≈ 0.83 min, e.g. Tallinn→Tartu 164 km → 2 h 16 min.
 */
export const AVERAGE_SPEED_KMH = 90;

export type LatLon = { lat: number; lon: number };

/** Great-circle distance in km between two WGS84 points (haversine formula). */
export function haversineKm(a: LatLon, b: LatLon): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  // min() guards against h creeping above 1 through rounding for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Estimated road km for a straight-line distance. */
export function roadKm(greatCircleKm: number): number {
  return greatCircleKm * ROAD_FACTOR;
}

/** Estimated driving minutes for a straight-line distance. */
export function roadMinutes(greatCircleKm: number): number {
  return (roadKm(greatCircleKm) / AVERAGE_SPEED_KMH) * 60;
}
