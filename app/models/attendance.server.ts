import type { Kysely } from "kysely";

import type { Database } from "#db/schema";
import type { AssignmentState } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";
import { writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "./audit.server";
import { resolveToken } from "./token.server";

/** Who can be marked: people who said yes (and were perhaps already marked). */
export const MARKABLE_STATUSES = ["accepted", "attended", "no_show"] as const satisfies readonly AssignmentState[];

export type AttendanceMark = { assignmentId: number; attended: boolean };
/** Why attendance was refused; the UI translates attendance.refused.<code>. */
export type AttendanceRefusal = "not_found" | "not_started" | "cancelled" | "not_on_event";
export type AttendanceResult = { ok: true; attended: number; noShow: number } | { ok: false; code: AttendanceRefusal };
export type LocalsResult = { ok: true } | { ok: false; code: Exclude<AttendanceRefusal, "not_on_event"> };

/** Coordinators mark any event; a host only the events of their own request. */
type AttendanceActor = Extract<Actor, { kind: "user" } | { kind: "host" }>;

/** The event if this actor may record attendance for it now, else the refusal. */
async function openEvent(db: Kysely<Database>, eventId: number, actor: AttendanceActor) {
  const event = await db.selectFrom("event").select(["id", "state", "starts_at", "request_id"]).where("id", "=", eventId).executeTakeFirst();
  // Another request's event is simply unknown to a host.
  if (!event || (actor.kind === "host" && event.request_id !== actor.requestId)) return { ok: false, code: "not_found" } as const;
  if (event.state === "cancelled") return { ok: false, code: "cancelled" } as const;
  if (event.starts_at > nowIso()) return { ok: false, code: "not_started" } as const;
  return { ok: true, event } as const;
}

async function applyMarks(db: Kysely<Database>, eventId: number, marks: AttendanceMark[], actor: AttendanceActor): Promise<AttendanceResult> {
  const opened = await openEvent(db, eventId, actor);
  if (!opened.ok) return opened;
  if (marks.length === 0) return { ok: true, attended: 0, noShow: 0 };
  const byId = new Map(marks.map((m) => [m.assignmentId, m.attended]));
  const rows = await db
    .selectFrom("assignment")
    .select(["id", "status"])
    .where("event_id", "=", eventId)
    .where("id", "in", [...byId.keys()])
    .where("status", "in", MARKABLE_STATUSES)
    .execute();
  // One mark for someone not on this event's line-up refuses the whole save: nothing half-done.
  if (rows.length !== byId.size) return { ok: false, code: "not_on_event" };
  const at = nowIso();
  for (const row of rows) {
    const status = byId.get(row.id) ? "attended" : "no_show";
    if (row.status === status) continue;
    await db.updateTable("assignment").set({ status, updated_at: at }).where("id", "=", row.id).where("event_id", "=", eventId).execute();
  }
  const attended = [...byId.values()].filter(Boolean).length;
  const noShow = byId.size - attended;
  // Counts only: who came is on the event page, not in the log.
  await audit(db, actor, "event.attendance", "event", eventId, { attended, noShow });
  return { ok: true, attended, noShow };
}

async function applyLocals(db: Kysely<Database>, eventId: number, count: number | null, actor: Extract<Actor, { kind: "user" }>): Promise<LocalsResult> {
  const opened = await openEvent(db, eventId, actor);
  if (!opened.ok) return opened;
  const before = await db.selectFrom("event").select("locals_count").where("id", "=", eventId).executeTakeFirstOrThrow();
  if (before.locals_count === count) return { ok: true };
  await db.updateTable("event").set({ locals_count: count, updated_at: nowIso() }).where("id", "=", eventId).execute();
  await audit(db, actor, "event.locals_count", "event", eventId, { localsCount: count });
  return { ok: true };
}

/**
 * Marks people on an event's line-up as attended or no-show, in one write transaction: only once
 * the event has started and if it is not cancelled, only for its accepted (or already marked)
 * people. A no-show then no longer counts as travelling load (LOAD_STATUSES).
 */
export function markAttendance(eventId: number, marks: AttendanceMark[], actor: AttendanceActor): Promise<AttendanceResult> {
  return writeTransaction((db) => applyMarks(db, eventId, marks, actor));
}

/** A coordinator records how many locals came (null: not counted). */
export function setLocalsCount(eventId: number, count: number | null, actor: Extract<Actor, { kind: "user" }>): Promise<LocalsResult> {
  return writeTransaction((db) => applyLocals(db, eventId, count, actor));
}

/** The coordinator's one Save: marks and the locals count together, or neither. */
export function saveAttendance(
  eventId: number,
  input: { marks: AttendanceMark[]; localsCount: number | null },
  actor: Extract<Actor, { kind: "user" }>,
): Promise<AttendanceResult> {
  return writeTransaction(async (db) => {
    const marked = await applyMarks(db, eventId, input.marks, actor);
    if (!marked.ok) return marked;
    const locals = await applyLocals(db, eventId, input.localsCount, actor);
    return locals.ok ? marked : locals;
  });
}

/** A host marks attendance through their status link, for the events of their request only; null for an unusable link. */
export async function markAttendanceAsHost(token: string, eventId: number, marks: AttendanceMark[]): Promise<AttendanceResult | null> {
  const resolved = await resolveToken("host_request", token);
  if (!resolved) return null;
  return markAttendance(eventId, marks, { kind: "host", requestId: resolved.subjectId });
}
