/** The matcher: build the problem from plain data, solve it exactly, explain every pick. */
export * from "./types";
export { build } from "./build";
export { explainPair } from "./eligibility";
export type { MatchModel } from "./model";
export { solve, match, type SolveOptions } from "./solve";
export { evaluate, totalOf } from "./objective";
export { gini } from "./gini";
export { toLpFormat } from "./lp";
export { toHighsModel, picksOf, type HighsMatchModel } from "./highsModel";
