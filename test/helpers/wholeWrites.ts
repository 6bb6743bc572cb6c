// What a reliability test checks after a crash or a race: that each write the app makes in one transaction is all there or not at all.
import type { DB } from "#db/connection";

import { signUpFields } from "./forms";

/**
 * The participants signed up with signUpFields(), each with how many of the rows signUp writes in
 * its one transaction it has: languages, offers, unavailable dates, private links, audit entries.
 */
export function signUpsWithTheirRows(db: DB) {
  return db
    .selectFrom("participant as p")
    .select([
      "p.id",
      "p.phone",
      (eb) =>
        eb
          .selectFrom("participant_language")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("participant_id", "=", "p.id")
          .as("languages"),
      (eb) =>
        eb
          .selectFrom("participant_offer")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("participant_id", "=", "p.id")
          .as("offers"),
      (eb) =>
        eb
          .selectFrom("participant_unavailable_date")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("participant_id", "=", "p.id")
          .as("dates"),
      (eb) =>
        eb
          .selectFrom("access_token")
          .select((e) => e.fn.countAll<number>().as("n"))
          .where("purpose", "=", "participant")
          .whereRef("subject_id", "=", "p.id")
          .as("tokens"),
      (eb) =>
        eb
          .selectFrom("audit_log")
          .select((e) => e.fn.countAll<number>().as("n"))
          .where("action", "=", "participant.signup")
          .whereRef("entity_id", "=", "p.id")
          .as("audits"),
    ])
    .where("p.first_name", "=", signUpFields().first_name as string)
    .execute();
}

/** Sign-ups missing any of their rows (signUpFields() has two languages, two offers and one date). */
export function halfWritten(signUps: Awaited<ReturnType<typeof signUpsWithTheirRows>>) {
  return signUps.filter((p) => Number(p.languages) !== 2 || Number(p.offers) !== 2 || Number(p.dates) !== 1 || Number(p.tokens) !== 1 || Number(p.audits) !== 1);
}

/** Assignments with their status, place and how many "invitation.accept" audit entries each has (acceptInvitation writes one with the acceptance). */
export function assignmentsWithAcceptAudits(db: DB) {
  return db.selectFrom("assignment as a").select([
    "a.id",
    "a.status",
    "a.slot_id",
    (eb) =>
      eb
        .selectFrom("audit_log")
        .select((e) => e.fn.countAll<number>().as("n"))
        .where("action", "=", "invitation.accept")
        .where("entity", "=", "assignment")
        .whereRef("entity_id", "=", "a.id")
        .as("audits"),
  ]);
}
