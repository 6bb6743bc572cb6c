import { getDb } from "~/utils/db.server";

/** What happened to one record, newest first, with the coordinator's name where one acted. */
export async function auditTrail(entity: string, entityId: number, limit = 50) {
  const rows = await getDb()
    .selectFrom("audit_log")
    .leftJoin("user", "user.id", "audit_log.actor_user_id")
    .select(["audit_log.id", "audit_log.at", "audit_log.action", "audit_log.actor_kind", "audit_log.details", "user.name as user_name"])
    .where("audit_log.entity", "=", entity)
    .where("audit_log.entity_id", "=", entityId)
    .orderBy("audit_log.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}
