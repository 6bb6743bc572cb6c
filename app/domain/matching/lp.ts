/**
 * The same problem as a mixed-integer program in CPLEX LP text, for a reference solver (HiGHS in
 * tests and the benchmark). Written from the model, not from the flow network, so it checks the
 * network construction too:
 *
 *   x[pair,slot] ∈ {0,1} for every eligible pair and every slot of its event the person fits
 *   each slot ≤ 1 person; each pair ≤ 1 slot; each participant ≤ 1 event per day and
 *   ≤ (cap − history) per month; locked pairs = 1; with a person who needs an interpreter at an
 *   event, an interpreting slot is filled: Σ needs-interpreter ≤ |slots| × Σ interpreting seats.
 *   Convex load and diversity are piecewise linear: unit variables z[p,k] (Σ_k z = picks of p,
 *   cost loadWeight(2(h+k)−1)) and w[e,c,i] (Σ_i w = picks from country c at e, cost
 *   diversityPenalty(k0+i−1)); rising costs make the LP fill them in order, so they may be continuous.
 *   Unfilled slots: unfilledPenalty × (slots − Σ x), the constant carried by a variable fixed at 1.
 */
import { slotMember, type MatchModel } from "./model";
import { fitsSlot } from "./slots";

/** CPLEX LP text of the matching MIP; its optimum equals the matcher's objective. */
export function toLpFormat(model: MatchModel): string {
  const { pairs, policy, events } = model;
  const U = policy.unfilledPenalty;
  const objective: string[] = [`${num(U * model.totalSlots)} one`];
  const rows: string[] = [];
  const binaries: string[] = [];
  const bounds: string[] = ["one = 1"];
  const term = (c: number, v: string) => `${c < 0 ? "-" : "+"} ${num(Math.abs(c))} ${v}`;

  const seatsOfPair: string[][] = [];
  const slotSeats: string[][][] = events.map((e) => e.slots.map(() => []));
  const interpSeats: string[][] = events.map(() => []);
  for (let pair = 0; pair < pairs.count; pair++) {
    const e = pairs.event[pair];
    const member = slotMember(model, pair);
    const seats: string[] = [];
    events[e].slots.forEach((slot, s) => {
      if (!fitsSlot(slot, member)) return;
      const v = `x${pair}_${s}`;
      seats.push(v);
      binaries.push(v);
      slotSeats[e][s].push(v);
      if (slot.offer === "interpreting") interpSeats[e].push(v);
      objective.push(term(pairs.cost[pair] - U, v));
    });
    seatsOfPair.push(seats);
    if (seats.length > 0) rows.push(`pair${pair}: ${seats.map((v) => `+ ${v}`).join(" ")} <= 1`);
  }
  slotSeats.forEach((perSlot, e) =>
    perSlot.forEach((seats, s) => {
      if (seats.length > 0) rows.push(`slot${e}_${s}: ${seats.map((v) => `+ ${v}`).join(" ")} <= 1`);
    }),
  );

  // Per participant: days, months, load.
  for (let p = 0; p < model.participants.length; p++) {
    const byDay = new Map<number, string[]>();
    const byMonth = new Map<number, string[]>();
    const all: string[] = [];
    for (let pair = model.pairStart[p]; pair < model.pairStart[p + 1]; pair++) {
      const e = pairs.event[pair];
      for (const v of seatsOfPair[pair]) {
        all.push(v);
        push(byDay, model.eventDay[e], v);
        push(byMonth, model.eventMonth[e], v);
      }
    }
    if (all.length === 0) continue;
    for (const [day, vs] of byDay) rows.push(`day${p}_${day}: ${vs.map((v) => `+ ${v}`).join(" ")} <= 1`);
    for (const [m, vs] of byMonth) {
      const left = model.participants[p].monthlyCap - (model.monthUsed[p].get(m) ?? 0);
      rows.push(`month${p}_${m}: ${vs.map((v) => `+ ${v}`).join(" ")} <= ${left}`);
    }
    const K = model.pairStart[p + 1] - model.pairStart[p];
    const h = model.loadBase[p];
    const zs: string[] = [];
    for (let k = 1; k <= K; k++) {
      const z = `z${p}_${k}`;
      zs.push(z);
      bounds.push(`0 <= ${z} <= 1`);
      objective.push(term(policy.loadWeight * (2 * (h + k) - 1), z));
    }
    rows.push(`load${p}: ${all.map((v) => `+ ${v}`).join(" ")} ${zs.map((z) => `- ${z}`).join(" ")} = 0`);
  }

  // Per event: diversity by country, interpreter rule.
  const pairsAt: number[][] = events.map(() => []);
  for (let pair = 0; pair < pairs.count; pair++) pairsAt[pairs.event[pair]].push(pair);
  for (let e = 0; e < events.length; e++) {
    const byCountry = new Map<number, string[]>();
    const needing: string[] = [];
    for (const pair of pairsAt[e]) {
      const c = model.participantCountry[pairs.participant[pair]];
      if (c >= 0) for (const v of seatsOfPair[pair]) push(byCountry, c, v);
      if (pairs.needsInterpreter[pair]) needing.push(...seatsOfPair[pair]);
    }
    for (const [c, vs] of byCountry) {
      if (vs.length === 0) continue;
      const k0 = model.diversityBase[e].get(c) ?? 0;
      const ws: string[] = [];
      for (let i = 1; i <= Math.min(vs.length, events[e].slots.length); i++) {
        const w = `w${e}_${c}_${i}`;
        ws.push(w);
        bounds.push(`0 <= ${w} <= 1`);
        objective.push(term(policy.diversityPenalty * (k0 + i - 1), w));
      }
      rows.push(`div${e}_${c}: ${vs.map((v) => `+ ${v}`).join(" ")} ${ws.map((w) => `- ${w}`).join(" ")} = 0`);
    }
    if (needing.length > 0) {
      const n = events[e].slots.length;
      rows.push(`interp${e}: ${needing.map((v) => `+ ${v}`).join(" ")} ${interpSeats[e].map((v) => `- ${n} ${v}`).join(" ")} <= 0`);
    }
  }
  for (const pair of model.locks) rows.push(`lock${pair}: ${seatsOfPair[pair].map((v) => `+ ${v}`).join(" ")} = 1`);

  return [
    "Minimize",
    ` obj: ${wrap(objective)}`,
    "Subject To",
    ...rows.map((r) => ` ${wrap(r.split(" "))}`),
    "Bounds",
    ...bounds.map((b) => ` ${b}`),
    ...(binaries.length > 0 ? ["Binary", ...chunk(binaries, 20).map((c) => ` ${c.join(" ")}`)] : []),
    "End",
    "",
  ].join("\n");
}

/** Full-precision number without exponent surprises. */
function num(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return x.toPrecision(17).replace(/0+$/, "").replace(/\.$/, "");
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** LP readers dislike very long lines; a line break is whitespace in LP format. */
function wrap(tokens: string[]): string {
  return chunk(tokens, 30)
    .map((c) => c.join(" "))
    .join("\n  ");
}
