/**
 * The proposal a coordinator is shown, kept so that "accept" stores exactly that proposal without
 * solving again.
 *
 * The matching page's loader solves once and keeps the result here under the fingerprint of the
 * solver input it was computed from (a hash of the scope and every row the matcher reads). Accept
 * loads the input again inside its write transaction and stores the kept proposal only when the
 * fingerprint is unchanged: the same input gives the same proposal, so nothing the coordinator did
 * not see is written. Each app process keeps its own; one that did not show the page solves the
 * same input again. Travel times are not hashed: towns and ferries are reference data that change
 * only with a re-seed and a restart, which empties this store as well.
 */
import { createHash } from "node:crypto";

import type { MatchInput, MatchResult } from "~/domain/matching";
import { nowIso } from "~/utils/clock.server";
import { writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "./audit.server";
import { getTravelPlanner } from "./geo.server";
import { loadMatchInput, runMatching, type MatchingScope } from "./matching.server";

/** Proposals kept at once (a few coordinators, a few scopes each); the oldest goes first. */
const MAX_KEPT = 50;

type Kept = { scope: MatchingScope; result: MatchResult };
const kept = new Map<string, Kept>();

/** A hash of everything the matcher reads for `scope` (the travel function aside, see above). */
export function matchInputFingerprint(scope: MatchingScope, input: MatchInput): string {
  const { events, participants, history, policy, locks, exclusions, seasonStart } = input;
  const text = JSON.stringify({ scope: [scope.from, scope.to, scope.regionCode], events, participants, history, policy, locks, exclusions, seasonStart });
  return createHash("sha256").update(text).digest("base64url");
}

/** Forgets every kept proposal (tests). */
export function forgetProposals() {
  kept.clear();
}

/**
 * Solves the matching for the page and keeps the result for accept. `fingerprint` names the kept
 * proposal: the page sends it back with "accept".
 */
export async function proposeMatching(scope: MatchingScope) {
  const run = await runMatching(scope);
  const fingerprint = matchInputFingerprint(scope, run.input);
  kept.delete(fingerprint);
  kept.set(fingerprint, { scope: { from: scope.from, to: scope.to, regionCode: scope.regionCode }, result: run.result });
  for (const oldest of kept.keys()) {
    if (kept.size <= MAX_KEPT) break;
    kept.delete(oldest);
  }
  return { ...run, fingerprint };
}

/**
 * The proposal named `fingerprint` when this process does not keep it: the page was shown by
 * another app process (several behind a proxy) or before a restart. The matcher is deterministic
 * (same input, same proposal) unless its time limit stopped it, so solving the same input again
 * gives exactly what the coordinator saw; another input, or a time-stopped search, gives null.
 */
async function solveAgain(scope: MatchingScope, fingerprint: string): Promise<Kept | null> {
  const again = await proposeMatching(scope);
  if (again.fingerprint !== fingerprint || again.result.stopReason === "time") return null;
  return kept.get(fingerprint) ?? null;
}

export type AcceptOutcome = { ok: true; created: number } | { ok: false; code: "changed" | "infeasible" };

/**
 * Stores the kept proposal named `fingerprint` as `proposed` assignments. Inside one write
 * transaction the matcher's input is read again and hashed: if anything changed since the page
 * was shown (someone answered, edited an event, another accept went first), nothing is written
 * and the coordinator is asked to look again. A proposal this process does not keep is solved
 * again first (see solveAgain). Two
 * accepts at once are serialised by the transaction: the second sees the first one's rows.
 */
export async function acceptProposal(scope: MatchingScope, fingerprint: string, actor: Actor): Promise<AcceptOutcome> {
  const proposal = kept.get(fingerprint) ?? (await solveAgain(scope, fingerprint));
  if (!proposal) return { ok: false, code: "changed" };
  // The planner's first load reads through the app's one connection, which the transaction
  // below holds (Kysely would wait for it forever): load it before.
  await getTravelPlanner();
  const outcome = await writeTransaction(async (trx) => {
    const { input } = await loadMatchInput(scope, trx);
    if (matchInputFingerprint(scope, input) !== fingerprint) return { ok: false, code: "changed" } as const;
    const { result } = proposal;
    if (result.status === "infeasible") return { ok: false, code: "infeasible" } as const;
    const at = nowIso();
    for (const a of result.assignments) {
      await trx
        .insertInto("assignment")
        .values({
          event_id: a.eventId,
          slot_id: a.slotId,
          participant_id: a.participantId,
          status: "proposed",
          explanation: JSON.stringify(a.reasons),
          travel_minutes: a.travelMinutes,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
    await audit(trx, actor, "matching.accept", "matching", null, { ...scope, assignments: result.assignments.length, objective: result.objective });
    return { ok: true, created: result.assignments.length } as const;
  });
  // Its input has changed now (its places are held): it can never be accepted again.
  if (outcome.ok) kept.delete(fingerprint);
  return outcome;
}
