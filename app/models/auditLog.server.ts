import { referencedIds, type AuditEntry, type AuditNames } from "~/domain/audit/names";
import { localize } from "~/domain/localizedText";
import type { Locale } from "~/domain/vocabulary";
import { getDb } from "~/utils/db.server";

export type AuditFilters = { entity?: string | null; action?: string | null; userId?: number | null; before?: number | null };

export const AUDIT_PAGE_SIZE = 100;

/** The audit log, newest first, a page at a time (keyset on id), with who acted. */
export async function listAuditLog(filters: AuditFilters) {
  let query = getDb()
    .selectFrom("audit_log")
    .leftJoin("user", "user.id", "audit_log.actor_user_id")
    .select([
      "audit_log.id",
      "audit_log.at",
      "audit_log.actor_kind",
      "audit_log.action",
      "audit_log.entity",
      "audit_log.entity_id",
      "audit_log.details",
      "user.name as user_name",
      "user.email as user_email",
    ])
    .orderBy("audit_log.id", "desc")
    .limit(AUDIT_PAGE_SIZE + 1);
  if (filters.entity) query = query.where("audit_log.entity", "=", filters.entity);
  if (filters.action) query = query.where("audit_log.action", "=", filters.action);
  if (filters.userId) query = query.where("audit_log.actor_user_id", "=", filters.userId);
  if (filters.before) query = query.where("audit_log.id", "<", filters.before);
  const rows = await query.execute();
  return { entries: rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({ ...r, details: parseDetails(r.details) })), hasMore: rows.length > AUDIT_PAGE_SIZE };
}

/** An entry's details; anything but a JSON object (never written, but the column is text) reads as none. */
function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
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
  return rows.map((r) => ({ ...r, details: parseDetails(r.details) }));
}

/**
 * The names of the records audit entries point to (event and series titles in the reader's
 * language, participants, hosts, venues, accounts, towns, counties), so each entry can be told in
 * words. An erased participant's name is null; records that no longer exist are left out.
 */
export async function auditNames(entries: Pick<AuditEntry, "entity" | "entityId" | "details">[], locale: Locale): Promise<AuditNames> {
  const ids = referencedIds(entries);
  const db = getDb();
  const list = (set: Set<number>) => [...set];
  const [events, series, participants, requests, venues, users, towns, regions] = await Promise.all([
    ids.events.size ? db.selectFrom("event").select(["id", "title"]).where("id", "in", list(ids.events)).execute() : [],
    ids.series.size ? db.selectFrom("series").select(["id", "title"]).where("id", "in", list(ids.series)).execute() : [],
    ids.participants.size ? db.selectFrom("participant").select(["id", "first_name", "last_name", "erased_at"]).where("id", "in", list(ids.participants)).execute() : [],
    ids.requests.size ? db.selectFrom("event_request").select(["id", "organisation"]).where("id", "in", list(ids.requests)).execute() : [],
    ids.venues.size
      ? db
          .selectFrom("venue")
          .innerJoin("town", "town.id", "venue.town_id")
          .select(["venue.id", "venue.name", "town.name as town_name"])
          .where("venue.id", "in", list(ids.venues))
          .execute()
      : [],
    ids.users.size ? db.selectFrom("user").select(["id", "name"]).where("id", "in", list(ids.users)).execute() : [],
    ids.towns.size ? db.selectFrom("town").select(["id", "name"]).where("id", "in", list(ids.towns)).execute() : [],
    ids.regions.size
      ? db
          .selectFrom("region")
          .select(["code", `name_${locale}` as const])
          .where("code", "in", [...ids.regions])
          .execute()
      : [],
  ]);
  return {
    events: Object.fromEntries(events.map((e) => [e.id, localize(e.title, locale)])),
    series: Object.fromEntries(series.map((s) => [s.id, localize(s.title, locale)])),
    participants: Object.fromEntries(participants.map((p) => [p.id, p.erased_at ? null : [p.first_name, p.last_name].filter(Boolean).join(" ")])),
    requests: Object.fromEntries(requests.map((r) => [r.id, r.organisation])),
    venues: Object.fromEntries(venues.map((v) => [v.id, `${v.name}, ${v.town_name}`])),
    users: Object.fromEntries(users.map((u) => [u.id, u.name])),
    towns: Object.fromEntries(towns.map((t) => [t.id, t.name])),
    regions: Object.fromEntries(regions.map((r) => [r.code, (r as Record<string, string>)[`name_${locale}`]])),
  };
}
