import type { Kysely, Transaction } from "kysely";

import type { Database } from "#db/schema";
import { nowIso } from "~/utils/clock.server";

type Executor = Kysely<Database> | Transaction<Database>;

export type Actor = { kind: "user"; userId: number } | { kind: "participant"; participantId: number } | { kind: "host"; requestId: number } | { kind: "system" };

/**
 * Records who did what to which record. Call it inside the transaction that makes the change,
 * so the log and the change are written together or not at all.
 */
export async function audit(db: Executor, actor: Actor, action: string, entity: string, entityId: number | null, details: Record<string, unknown> = {}): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: nowIso(),
      actor_kind: actor.kind,
      actor_user_id: actor.kind === "user" ? actor.userId : null,
      action,
      entity,
      entity_id: entityId,
      details: JSON.stringify({
        ...details,
        ...(actor.kind === "participant" ? { participantId: actor.participantId } : {}),
        ...(actor.kind === "host" ? { requestId: actor.requestId } : {}),
      }),
    })
    .execute();
}
