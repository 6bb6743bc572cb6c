/** A participant's private links: whose a link is, a new one made by a coordinator, a lost one sent again. */
import { getDb, writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "../audit.server";
import { queueLinkResent } from "../messages/participant.server";
import { issueToken, resolveToken, revokeTokens } from "../token.server";

/** The participant a private link belongs to, or null for an unknown, revoked or erased one. */
export async function participantIdForToken(token: unknown): Promise<number | null> {
  const resolved = await resolveToken("participant", token);
  if (!resolved) return null;
  const row = await getDb().selectFrom("participant").select("id").where("id", "=", resolved.subjectId).where("erased_at", "is", null).executeTakeFirst();
  return row?.id ?? null;
}

/** Replaces a participant's private links with a new one (the old ones stop working); audited. */
export async function replaceLink(id: number, actor: Actor): Promise<string> {
  return writeTransaction(async (trx) => {
    await revokeTokens(trx, "participant", id);
    const token = await issueToken(trx, "participant", id);
    await audit(trx, actor, "participant.link_replaced", "participant", id);
    return token;
  });
}

/**
 * "I lost my link": if the e-mail belongs to a participant, a new link is queued for them in their
 * language. Says nothing about whether it did, so the form cannot be used to find out who has
 * signed up. The old links are revoked only once the mail server accepted the new one; if it
 * cannot be delivered, the new link is revoked instead and the old ones keep working.
 */
export async function resendLink(email: string): Promise<void> {
  await writeTransaction(async (trx) => {
    const participant = await trx
      .selectFrom("participant")
      .select(["id", "email"])
      .where("email", "=", email.trim().toLowerCase())
      .where("erased_at", "is", null)
      .executeTakeFirst();
    if (!participant?.email) return;
    const token = await issueToken(trx, "participant", participant.id);
    await queueLinkResent(trx, participant.id, token);
    await audit(trx, { kind: "participant", participantId: participant.id }, "participant.link_replaced", "participant", participant.id);
  });
}
