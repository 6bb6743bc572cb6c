import { getDb } from "~/utils/db.server";

export type AuditFilters = { entity?: string | null; action?: string | null; userId?: number | null; before?: number | null };

export const AUDIT_PAGE_SIZE = 100;

/** The audit log, newest first, a page at a time (keyset on id), with who acted. */
export async function listAuditLog(filters: AuditFilters) {
  let query = getDb()
    .selectFrom("audit_log")
    .leftJoin("user", "user.id", "audit_log.actor_user_id")
    .select(["audit_log.id", "audit_log.at", "audit_log.actor_kind", "audit_log.action", "audit_log.entity", "audit_log.entity_id", "audit_log.details", "user.name as user_name", "user.email as user_email"])
    .orderBy("audit_log.id", "desc")
    .limit(AUDIT_PAGE_SIZE + 1);
  if (filters.entity) query = query.where("audit_log.entity", "=", filters.entity);
  if (filters.action) query = query.where("audit_log.action", "=", filters.action);
  if (filters.userId) query = query.where("audit_log.actor_user_id", "=", filters.userId);
  if (filters.before) query = query.where("audit_log.id", "<", filters.before);
  const rows = await query.execute();
  return { entries: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE };
}

/** The entities and actions that occur, for the filter menus. */
export async function auditVocabulary() {
  const [entities, actions] = await Promise.all([
    getDb().selectFrom("audit_log").select("entity").distinct().orderBy("entity").execute(),
    getDb().selectFrom("audit_log").select("action").distinct().orderBy("action").execute(),
  ]);
  return { entities: entities.map((e) => e.entity), actions: actions.map((a) => a.action) };
}

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
