/**
 * Door-to-door travel time between towns, across the sea where needed.
 *
 * The graph is tiny (≈100 towns, a dozen ferry links), so we keep it implicit: every pair of
 * towns on the same landmass is joined by a straight-line road estimate, and landmasses are
 * joined only by ferry links. Dijkstra over that graph then finds the sensible route by
 * itself: Tallinn→Kärdla drives to Rohuküla and takes the Heltermaa ferry, Kuressaare→Kärdla
 * crosses Soela strait from Triigi to Sõru rather than going round via the mainland.
 *
 * Times are not timetable-aware: a ferry costs its check-in wait plus crossing, and the
 * `lastDeparture` of each ferry leg is reported so callers can tell whether a trip fits in
 * the day (see `latestDeparture`).
 */
import type { Landmass } from "../vocabulary";
import { clockToMinutes } from "./clock";
import { haversineKm, roadKm, roadMinutes } from "./distance";

export type GeoTown = { id: number; lat: number; lon: number; landmass: Landmass };

export type GeoFerry = {
  fromTownId: number;
  toTownId: number;
  crossingMinutes: number;
  /** Check-in / boarding time before a planned sailing, added to every crossing. */
  waitMinutes: number;
  /** Usual last sailing from `fromTownId`, "HH:MM" local; null when unknown. */
  lastDepartureFrom: string | null;
  /** Usual last sailing from `toTownId` back; null when unknown. */
  lastDepartureTo: string | null;
};

export type JourneyLeg =
  | { kind: "road"; fromTownId: number; toTownId: number; km: number; minutes: number }
  | {
      kind: "ferry";
      fromTownId: number;
      toTownId: number;
      /** waitMinutes + crossingMinutes */
      minutes: number;
      waitMinutes: number;
      crossingMinutes: number;
      /** Usual last sailing in this direction, "HH:MM"; null when unknown. */
      lastDeparture: string | null;
    };

export type Journey = {
  fromTownId: number;
  toTownId: number;
  /** Sum of the legs' (whole) minutes. */
  minutes: number;
  /** Estimated road km driven, one decimal. */
  roadKm: number;
  legs: JourneyLeg[];
};

export type TravelPlanner = {
  /** Fastest door-to-door journey, or null when no ferry reaches the destination's landmass. */
  journey(fromTownId: number, toTownId: number): Journey | null;
  /** Minutes of the fastest journey, or null when unreachable. */
  minutes(fromTownId: number, toTownId: number): number | null;
  /**
   * Latest local departure (minutes after midnight) from `fromTownId` that still makes every
   * ferry on the way to `toTownId` the same day; null when no ferry with a known last sailing
   * is involved (or the town is unreachable). Negative means the trip cannot be made within
   * one day starting after midnight.
   */
  latestDeparture(fromTownId: number, toTownId: number): number | null;
};

type FerryArc = { to: number; wait: number; crossing: number; lastDeparture: string | null };

/** Shortest-path tree from one source: best minutes and how each town was reached. */
type Tree = { minutes: Float64Array; prev: Int32Array; viaFerry: (FerryArc | null)[] };

/**
 * A route must be better by more than this to replace an equal one: keeps float noise from
 * swapping a direct road for a road via a town that happens to lie on the straight line.
 */
const TIE_MINUTES = 1e-9;

/** Build a planner over a fixed set of towns and ferry links; results are memoised. */
export function createTravelPlanner(towns: readonly GeoTown[], ferries: readonly GeoFerry[]): TravelPlanner {
  const n = towns.length;
  const indexById = new Map<number, number>();
  towns.forEach((town, i) => {
    if (indexById.has(town.id)) throw new Error(`Duplicate town id ${town.id}`);
    if (!Number.isFinite(town.lat) || !Number.isFinite(town.lon)) {
      throw new Error(`Town ${town.id} has no valid coordinates`);
    }
    indexById.set(town.id, i);
  });

  const indexOf = (townId: number): number => {
    const i = indexById.get(townId);
    if (i === undefined) throw new Error(`Unknown town id ${townId}`);
    return i;
  };

  // Road minutes and km only exist between towns on the same landmass; NaN marks "no road".
  const roadMin = new Float64Array(n * n).fill(Number.NaN);
  const roadKmAt = new Float64Array(n * n).fill(Number.NaN);
  const sameLandmass: number[][] = towns.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (towns[i].landmass !== towns[j].landmass) continue;
      const km = haversineKm(towns[i], towns[j]);
      roadMin[i * n + j] = roadMin[j * n + i] = roadMinutes(km);
      roadKmAt[i * n + j] = roadKmAt[j * n + i] = roadKm(km);
      sameLandmass[i].push(j);
      sameLandmass[j].push(i);
    }
  }

  const ferriesFrom: FerryArc[][] = towns.map(() => []);
  for (const ferry of ferries) {
    const a = indexOf(ferry.fromTownId);
    const b = indexOf(ferry.toTownId);
    if (!(ferry.crossingMinutes >= 0) || !(ferry.waitMinutes >= 0)) {
      throw new Error(`Ferry ${ferry.fromTownId}–${ferry.toTownId} has negative or missing minutes`);
    }
    const arc = (to: number, lastDeparture: string | null): FerryArc => {
      if (lastDeparture !== null) clockToMinutes(lastDeparture); // fail now, not mid-query
      return { to, wait: ferry.waitMinutes, crossing: ferry.crossingMinutes, lastDeparture };
    };
    ferriesFrom[a].push(arc(b, ferry.lastDepartureFrom));
    ferriesFrom[b].push(arc(a, ferry.lastDepartureTo));
  }

  const trees: (Tree | undefined)[] = new Array(n);
  const journeys = new Map<number, Journey | null>();

  // Dense O(n²) Dijkstra: with every same-landmass pair connected the graph is nearly
  // complete, where an array scan beats a heap and needs no extra code.
  function treeFrom(source: number): Tree {
    const cached = trees[source];
    if (cached) return cached;
    const minutes = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const prev = new Int32Array(n).fill(-1);
    const viaFerry: (FerryArc | null)[] = new Array(n).fill(null);
    const settled = new Uint8Array(n);
    minutes[source] = 0;
    // Indexed loops over the towns not yet settled (this runs once per town asked about, often
    // in a process that has just started); ties go to the lowest index.
    const open = Int32Array.from({ length: n }, (_, i) => i);
    for (let left = n; left > 0;) {
      let u = -1;
      let at = -1;
      let nearest = Number.POSITIVE_INFINITY;
      for (let k = 0; k < left; k++) {
        const i = open[k];
        if (minutes[i] < nearest || (minutes[i] === nearest && u !== -1 && i < u)) {
          nearest = minutes[i];
          u = i;
          at = k;
        }
      }
      if (u === -1) break;
      open[at] = open[--left];
      settled[u] = 1;
      const row = u * n;
      const near = sameLandmass[u];
      for (let k = 0; k < near.length; k++) {
        const v = near[k];
        const candidate = nearest + roadMin[row + v];
        if (settled[v] === 0 && candidate < minutes[v] - TIE_MINUTES) {
          minutes[v] = candidate;
          prev[v] = u;
          viaFerry[v] = null;
        }
      }
      const arcs = ferriesFrom[u];
      for (let k = 0; k < arcs.length; k++) {
        const arc = arcs[k];
        const candidate = nearest + arc.wait + arc.crossing;
        if (settled[arc.to] === 0 && candidate < minutes[arc.to] - TIE_MINUTES) {
          minutes[arc.to] = candidate;
          prev[arc.to] = u;
          viaFerry[arc.to] = arc;
        }
      }
    }
    const tree = { minutes, prev, viaFerry };
    trees[source] = tree;
    return tree;
  }

  function buildJourney(source: number, target: number): Journey | null {
    const fromTownId = towns[source].id;
    const toTownId = towns[target].id;
    if (source === target) return freeze({ fromTownId, toTownId, minutes: 0, roadKm: 0, legs: [] });
    const tree = treeFrom(source);
    if (tree.minutes[target] === Number.POSITIVE_INFINITY) return null;

    const legs: JourneyLeg[] = [];
    let km = 0;
    for (let v = target; v !== source; v = tree.prev[v]) {
      const u = tree.prev[v];
      const arc = tree.viaFerry[v];
      if (arc) {
        legs.push({
          kind: "ferry",
          fromTownId: towns[u].id,
          toTownId: towns[v].id,
          minutes: arc.wait + arc.crossing,
          waitMinutes: arc.wait,
          crossingMinutes: arc.crossing,
          lastDeparture: arc.lastDeparture,
        });
      } else {
        const legKm = roadKmAt[u * n + v];
        km += legKm;
        legs.push({
          kind: "road",
          fromTownId: towns[u].id,
          toTownId: towns[v].id,
          km: round1(legKm),
          minutes: Math.round(roadMin[u * n + v]),
        });
      }
    }
    legs.reverse();
    const minutes = legs.reduce((sum, leg) => sum + leg.minutes, 0);
    return freeze({ fromTownId, toTownId, minutes, roadKm: round1(km), legs });
  }

  function journey(fromTownId: number, toTownId: number): Journey | null {
    const source = indexOf(fromTownId);
    const target = indexOf(toTownId);
    const key = source * n + target;
    if (journeys.has(key)) return journeys.get(key) ?? null;
    const result = buildJourney(source, target);
    journeys.set(key, result);
    return result;
  }

  /**
   * Walks the fastest route source → target leg by leg, as `buildJourney` lays it out (road legs
   * in whole minutes), without building the journey: the matcher asks for thousands of these.
   * False when the target cannot be reached.
   */
  function walkRoute(source: number, target: number, visit: (minutes: number, ferry: FerryArc | null) => void): boolean {
    if (source === target) return true;
    const tree = treeFrom(source);
    if (tree.minutes[target] === Number.POSITIVE_INFINITY) return false;
    const towns: number[] = [];
    for (let v = target; v !== source; v = tree.prev[v]) towns.push(v);
    for (let i = towns.length - 1; i >= 0; i--) {
      const v = towns[i];
      const arc = tree.viaFerry[v];
      visit(arc ? arc.wait + arc.crossing : Math.round(roadMin[tree.prev[v] * n + v]), arc);
    }
    return true;
  }

  const minutesMemo = new Map<number, number | null>();
  const departureMemo = new Map<number, number | null>();

  return {
    journey,
    minutes(fromTownId, toTownId) {
      const key = indexOf(fromTownId) * n + indexOf(toTownId);
      let found = minutesMemo.get(key);
      if (found === undefined) {
        let total = 0;
        found = walkRoute(indexOf(fromTownId), indexOf(toTownId), (minutes) => (total += minutes)) ? total : null;
        minutesMemo.set(key, found);
      }
      return found;
    },
    latestDeparture(fromTownId, toTownId) {
      const key = indexOf(fromTownId) * n + indexOf(toTownId);
      let found = departureMemo.get(key);
      if (found === undefined) {
        let elapsed = 0;
        let latest: number | null = null;
        walkRoute(indexOf(fromTownId), indexOf(toTownId), (minutes, ferry) => {
          if (ferry && ferry.lastDeparture !== null) {
            // Arrive at the port, check in, and still be on the last sailing.
            const mustLeaveBy = clockToMinutes(ferry.lastDeparture) - elapsed - ferry.wait;
            latest = latest === null ? mustLeaveBy : Math.min(latest, mustLeaveBy);
          }
          elapsed += minutes;
        });
        found = latest;
        departureMemo.set(key, found);
      }
      return found;
    },
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Memoised journeys are shared between callers, so nobody may change them. */
function freeze(journey: Journey): Journey {
  journey.legs.forEach((leg) => Object.freeze(leg));
  Object.freeze(journey.legs);
  return Object.freeze(journey);
}
