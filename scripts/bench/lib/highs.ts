/**
 * HiGHS on the matching MIP, fed with sparse arrays (`toHighsModel`) rather than LP text: at
 * S2 the text no longer fits a JS string ("Invalid array length").
 */
import highsLoader from "highs";
import { picksOf, toHighsModel, type MatchModel } from "~/domain/matching";

type Highs = Awaited<ReturnType<typeof highsLoader>>;

export type HighsRun = {
  /** HiGHS's model status by its constant name: "optimal", "infeasible", "timeLimit", … */
  status: string;
  /** Proved optimal (a model without columns, i.e. no eligible pair, counts: HiGHS calls it "empty"). */
  optimal: boolean;
  /** Objective of the best solution found (offset included); null when none. */
  objective: number | null;
  /** Wall time: arrays, loading them into HiGHS, solving. */
  ms: number;
  /** Of `ms`, building the arrays and passing them in. */
  setupMs: number;
  /** HiGHS's own solver clock, seconds. */
  runSeconds: number;
  /** Relative gap and proven lower bound, when the MIP solver reports them (meaningful when it stops at a limit). */
  mipGap?: number;
  dualBound?: number;
  nodes?: number;
  /** Simplex iterations, all LPs together: 0 with 0 nodes means it stopped before the root LP (in presolve). */
  lpIterations?: number;
  /** Pairs the best solution picks, for `evaluate`. */
  picks?: number[];
};

let loading: Promise<Highs> | null = null;

/** The Wasm runtime, instantiated once per process. */
export function loadHighs(): Promise<Highs> {
  return (loading ??= highsLoader());
}

/** Solves the matching MIP with HiGHS to a proven optimum or the time limit. */
export async function solveWithHighs(model: MatchModel, { timeLimitSeconds }: { timeLimitSeconds: number }): Promise<HighsRun> {
  const highs = await loadHighs();
  const t0 = performance.now();
  const data = toHighsModel(model);
  const solver = highs.createModel(data);
  try {
    // Threads are not settable: the Wasm build is single-threaded and createModel pins threads=1, parallel=off.
    solver.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-9, time_limit: timeLimitSeconds });
    const setupMs = performance.now() - t0;
    const { modelStatus } = solver.run();
    const ms = performance.now() - t0;
    const info = (name: string): number | undefined => {
      try {
        return Number(solver.info.get(name));
      } catch {
        return undefined; // not every info item exists for every kind of run
      }
    };
    const { modelStatus: codes, solutionStatus } = highs.constants;
    const empty = modelStatus === codes.empty;
    const hasSolution = info("primal_solution_status") === solutionStatus.feasible;
    const status = Object.entries(codes).find(([, code]) => code === modelStatus)?.[0] ?? String(modelStatus);
    const isMip = data.xCount > 0;
    return {
      status,
      optimal: modelStatus === codes.optimal || empty,
      // HiGHS solves nothing for an empty model and reports 0, not the offset.
      objective: empty ? data.offset : hasSolution ? solver.getObjectiveValue() : null,
      ms,
      setupMs,
      runSeconds: solver.getRunTime(),
      ...(isMip ? { mipGap: info("mip_gap"), dualBound: info("mip_dual_bound"), nodes: info("mip_node_count") } : {}),
      lpIterations: info("simplex_iteration_count"),
      ...(empty ? { picks: [] } : hasSolution ? { picks: picksOf(data, solver.getSolution().colValue) } : {}),
    };
  } finally {
    solver.dispose();
  }
}
