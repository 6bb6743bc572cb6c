/** How participants come in: they sign up themselves, or coordinators import a checked file. */
import { CONSENT_VERSION, IMPORT_CONSENT_VERSION } from "~/domain/participants/consent";
import type { ParticipantData } from "~/schemas/participant";
import { getDb, writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "../audit.server";
import { queueAlreadySignedUp, queueWelcome } from "../messages/participant.server";
import { issueToken } from "../token.server";
import { EMAIL_TAKEN, emailTaken, insertParticipant, isUniqueViolation } from "./store.server";

/**
 * Signs someone up: the participant with languages, offers and dates, the consent with the text's
 * version, and a private link. Returns the raw link token, which is never stored.
 */
export async function createParticipant(data: ParticipantData): Promise<{ ok: true; id: number; token: string } | { ok: false; errors: Record<string, string> }> {
  try {
    return await writeTransaction(async (trx) => {
      if (await emailTaken(trx, data.email)) {
        // Its owner hears that someone tried, in their own language; no link is made.
        const owner = await trx.selectFrom("participant").select("id").where("email", "=", data.email).where("erased_at", "is", null).executeTakeFirst();
        if (owner) await queueAlreadySignedUp(trx, owner.id);
        return { ok: false as const, errors: EMAIL_TAKEN };
      }
      const id = await insertParticipant(trx, data, CONSENT_VERSION);
      const token = await issueToken(trx, "participant", id);
      await audit(trx, { kind: "participant", participantId: id }, "participant.signup", "participant", id, { consentVersion: CONSENT_VERSION });
      // The welcome with the link, committed with the participant (nothing for a phone-only one).
      await queueWelcome(trx, id, token);
      return { ok: true as const, id, token };
    });
  } catch (error) {
    // Two sign-ups with one e-mail at the same moment: the unique index decides.
    if (isUniqueViolation(error)) return { ok: false, errors: EMAIL_TAKEN };
    throw error;
  }
}

export type SignUpOutcome = { kind: "page"; token: string } | { kind: "check_email" };

/**
 * Signs someone up without telling anyone whether their e-mail address is already on file. With
 * an address the outcome is always "check your e-mail": a new participant gets their link by
 * e-mail; for an address already on file nothing is created and its owner gets a note, in their
 * own language, that someone tried to sign up with it, pointing to the lost-link form (no new
 * link, nothing revoked). Without an address (phone only) there is nothing to find out, so the
 * new participant is given their page right away.
 */
export async function signUp(data: ParticipantData): Promise<SignUpOutcome> {
  const created = await createParticipant(data);
  if (!data.email) {
    // Without an address nothing can clash, so this is always a new participant.
    if (!created.ok) throw new Error("A sign-up without an e-mail address was refused");
    return { kind: "page", token: created.token };
  }
  return { kind: "check_email" };
}

/** E-mail addresses already on file (lower case), so an import can report clashes per row. */
export async function listTakenEmails(): Promise<Set<string>> {
  const rows = await getDb().selectFrom("participant").select("email").where("email", "is not", null).execute();
  return new Set(rows.map((r) => r.email!.toLowerCase()));
}

/**
 * Stores every row of a checked import in one transaction, or none. E-mails are re-checked
 * inside it, since someone may have signed up since the file was checked.
 */
export async function importParticipants(
  rows: { row: number; data: ParticipantData }[],
  actor: Actor,
): Promise<{ ok: true; count: number } | { ok: false; errors: { row: number; field: string; message: string }[] }> {
  return writeTransaction(async (trx) => {
    const clashes: { row: number; field: string; message: string }[] = [];
    for (const { row, data } of rows) {
      if (await emailTaken(trx, data.email)) clashes.push({ row, field: "email", message: "participantImport.error.emailOnFile" });
    }
    if (clashes.length > 0) return { ok: false as const, errors: clashes };
    for (const { data } of rows) await insertParticipant(trx, data, IMPORT_CONSENT_VERSION);
    await audit(trx, actor, "participant.import", "participant", null, { count: rows.length });
    return { ok: true as const, count: rows.length };
  });
}
