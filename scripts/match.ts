/**
 * `npm run match -- --from 2026-12-01 --to 2027-01-31 [--region EE-74] [--json]`: runs the same
 * matching as /admin/matching on the database at DATABASE_PATH and prints the proposal. It only
 * reads; accepting and inviting happen in the app.
 */
import { parseArgs } from "node:util";

import { localize } from "~/domain/localizedText";
import { isLocalDate, localDateOf } from "~/domain/schedule";
import { runMatching } from "~/models/matching.server";

const { values } = parseArgs({
  options: {
    from: { type: "string", default: localDateOf(new Date().toISOString()) },
    to: { type: "string" },
    region: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const from = values.from!;
const to = values.to ?? localDateOf(new Date(Date.now() + 56 * 86_400_000).toISOString());
if (!isLocalDate(from) || !isLocalDate(to) || from > to) {
  console.error("Usage: npm run match -- --from YYYY-MM-DD --to YYYY-MM-DD [--region EE-74] [--json]");
  process.exit(2);
}

const { input, result, titles, names, ms } = await runMatching({ from, to, regionCode: values.region ?? null });
const slots = input.events.reduce((n, e) => n + e.slots.length, 0);
if (values.json) {
  console.log(
    JSON.stringify(
      {
        from,
        to,
        region: values.region ?? null,
        ms,
        status: result.status,
        objective: result.objective,
        terms: result.terms,
        slots,
        filled: result.assignments.length,
        assignments: result.assignments,
        unfilledSlots: result.unfilledSlots,
      },
      null,
      2,
    ),
  );
} else {
  console.log(
    `Matching ${from} … ${to}${values.region ? ` in ${values.region}` : ""}: ${result.status}, ${result.assignments.length}/${slots} places filled, objective ${Math.round(result.objective)} (${ms} ms)`,
  );
  console.log(
    `  terms: ${Object.entries(result.terms)
      .map(([k, v]) => `${k} ${Math.round(v)}`)
      .join(", ")}`,
  );
  for (const event of input.events) {
    console.log(`${event.localDate}  ${localize(titles.get(event.id), "en")}`);
    for (const slot of event.slots) {
      const a = result.assignments.find((x) => x.slotId === slot.id);
      console.log(`    ${(slot.offer ?? "any").padEnd(14)} ${a ? `${names.get(a.participantId)} (${a.travelMinutes} min)` : "— empty"}`);
    }
  }
}
