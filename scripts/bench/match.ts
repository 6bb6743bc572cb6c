/**
 * Matching benchmark:
 *   tsx scripts/bench/match.ts --size S1|S2|S3 [--highs-limit 120] [--seed 2025] [--typed 0.12] [--max-branches 100000] [--time-ms …] [--warm N]
 * (--typed: share of slots that ask for an offer; --max-branches: branch-and-bound node limit;
 * --time-ms: the search stops proving after this long and returns its best matching, polished,
 * with a lower bound; 0 = no time limit, the default at S1 and S3; 20 000 at S2;
 * --warm: after the rest, solve N more times in the now warm process, as a server does, and
 * report the median as warm_ms; default 9 at S1, 0 elsewhere).
 * `ms` is the first solve in a fresh process (build included): JIT compilation is part of it.
 * Runs the exact matcher, a greedy first-fit baseline (scored with the same objective) and HiGHS
 * on the same MIP (when it finishes within the limit), and prints one JSON line last.
 */
import { build, evaluate, gini, solve, totalOf, type MatchModel } from "~/domain/matching";
import { greedyPicks } from "./lib/greedy";
import { solveWithHighs } from "./lib/highs";
import { generateInstance, SIZES, type Size } from "./lib/instance";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const size = arg("size", "S1") as Size;
if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(", ")}`);
const highsLimit = Number(arg("highs-limit", "120"));
const seed = Number(arg("seed", "2025"));
const typedShare = Number(arg("typed", "0.12"));
const maxBranches = Number(arg("max-branches", "100000"));
const timeMs = Number(arg("time-ms", size === "S2" ? "20000" : "0"));
const warmRuns = Number(arg("warm", size === "S1" ? "9" : "0"));

/** Season load per participant (history this season + picks). */
function loads(model: MatchModel, picks: readonly number[]): number[] {
  const load = Array.from(model.loadBase);
  for (const pair of picks) load[model.pairs.participant[pair]]++;
  return load;
}

/**
 * The time budget from `start`: stop when the next piece of work would overrun it, taking the
 * longest time between two questions so far as what the next one may take (a branching's child
 * can cost as much as a whole dual step).
 */
function stopAfter(start: number): (() => boolean) | undefined {
  if (timeMs <= 0) return undefined;
  let lastAsk = start;
  let longest = 0;
  return () => {
    const now = performance.now();
    longest = Math.max(longest, now - lastAsk);
    lastAsk = now;
    return now + longest > start + timeMs;
  };
}

const input = generateInstance(size, seed, typedShare);
global.gc?.();
const t0 = performance.now();
const model = build(input);
const tBuilt = performance.now();
const result = solve(model, { maxBranches, shouldStop: stopAfter(t0) });
const ms = performance.now() - t0;
const peakMb = process.resourceUsage().maxRSS / 1024;
console.error(
  `${size}: ${model.pairs.count} eligible pairs, build ${(tBuilt - t0).toFixed(0)} ms, solve ${(ms - (tBuilt - t0)).toFixed(0)} ms, ` +
    `${result.stats.nodes} nodes / ${result.stats.arcs} arcs, ${result.stats.augmentations} augmentations, ${result.stats.branches} branches, ${result.stats.fixed} pairs fixed by reduced costs, status ${result.status}, ` +
    `lower bound ${result.lowerBound} (gap ${(((result.objective - result.lowerBound) / result.objective) * 100).toFixed(3)} %)`,
);

const pairOf = new Map<string, number>();
for (let pair = 0; pair < model.pairs.count; pair++) pairOf.set(`${model.participants[model.pairs.participant[pair]].id}:${model.events[model.pairs.event[pair]].id}`, pair);
const ourPicks = result.assignments.map((a) => pairOf.get(`${a.participantId}:${a.eventId}`)!);
const ourLoads = loads(model, ourPicks);

const greedy = greedyPicks(model);
const greedyObjective = totalOf(evaluate(model, greedy));
const greedyLoads = loads(model, greedy);

let highsMs: number | null = null;
let highsObjective: number | null = null;
if (highsLimit > 0) {
  try {
    const run = await solveWithHighs(model, { timeLimitSeconds: highsLimit });
    const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
    const notes = [
      `arrays + load ${run.setupMs.toFixed(0)} ms, solver clock ${run.runSeconds.toFixed(1)} s`,
      ...(run.nodes === undefined ? [] : [`${run.nodes} nodes`]),
      ...(run.lpIterations === undefined ? [] : [`${run.lpIterations} LP iterations`]),
      run.objective === null ? "no solution" : `objective ${r6(run.objective)}`,
      // The picks, scored by the matcher's own objective, check the column → pair mapping.
      ...(run.picks && run.objective !== null ? [`evaluate on its picks ${r6(totalOf(evaluate(model, run.picks)))}`] : []),
      ...(!run.optimal && run.dualBound !== undefined ? [`dual bound ${r6(run.dualBound)}`, `gap ${((run.mipGap ?? NaN) * 100).toFixed(3)} %`] : []),
    ];
    console.error(`HiGHS: ${run.status} in ${run.ms.toFixed(0)} ms (${notes.join(", ")})`);
    if (run.optimal) {
      highsMs = Math.round(run.ms);
      highsObjective = run.objective;
    }
  } catch (error) {
    console.error(`HiGHS failed: ${(error as Error).message}`);
  }
}

// The same matcher in a process that has run it before (a server's, where /admin/matching runs):
// warm the JIT on five other seeds, then time this instance, build included; the median of the runs.
let warmMs: number | null = null;
if (warmRuns > 0) {
  for (let other = 1; other <= 5; other++) solve(build(generateInstance(size, seed + other, typedShare)), { maxBranches, shouldStop: stopAfter(performance.now()) });
  const runs: number[] = [];
  for (let run = 0; run < warmRuns; run++) {
    const start = performance.now();
    solve(build(input), { maxBranches, shouldStop: stopAfter(start) });
    runs.push(performance.now() - start);
  }
  console.error(`warm runs: ${runs.map((ms) => ms.toFixed(0)).join(", ")} ms`);
  runs.sort((a, b) => a - b);
  warmMs = Math.round(runs[Math.floor(runs.length / 2)]);
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
console.log(
  JSON.stringify({
    size,
    status: result.status,
    typed_share: typedShare,
    participants: model.participants.length,
    events: model.events.length,
    slots: model.totalSlots,
    ms: Math.round(ms),
    warm_ms: warmMs,
    peak_mb: Math.round(peakMb),
    objective: round(result.objective),
    lower_bound: round(result.lowerBound),
    filled: result.assignments.length,
    max_load: Math.max(...ourLoads),
    gini: round(gini(ourLoads)),
    highs_ms: highsMs,
    highs_objective: highsObjective === null ? null : round(highsObjective),
    greedy_objective: round(greedyObjective),
    greedy_max_load: Math.max(...greedyLoads),
  }),
);
