/**
 * How the audit log's sentences name the records an entry concerns: the entry, the names looked up
 * for it (and which ids to look up), and each record as its name with a link to it.
 */
import { auditEntityName, AUDIT_PREFIX as PREFIX, type Translate } from "./actions";

export type AuditEntry = {
  action: string;
  entity: string;
  entityId: number | null;
  actorKind: string;
  /** The coordinator's name when a coordinator acted. */
  actorName: string | null;
  details: Record<string, unknown>;
};

/**
 * Names of the records entries point to, by id, in the reader's language. A participant mapped to
 * null has been erased; an id that is missing no longer exists.
 */
export type AuditNames = {
  events: Record<number, string>;
  series: Record<number, string>;
  participants: Record<number, string | null>;
  requests: Record<number, string>;
  venues: Record<number, string>;
  users: Record<number, string>;
  towns: Record<number, string>;
  regions: Record<string, string>;
};

export const NO_NAMES: AuditNames = { events: {}, series: {}, participants: {}, requests: {}, venues: {}, users: {}, towns: {}, regions: {} };

export type Ref = { text: string; href?: string };

/** The ids of the records an entry names, so their names can be looked up before describing it. */
export function referencedIds(entries: Pick<AuditEntry, "entity" | "entityId" | "details">[]) {
  const ids = {
    events: new Set<number>(),
    series: new Set<number>(),
    participants: new Set<number>(),
    requests: new Set<number>(),
    venues: new Set<number>(),
    users: new Set<number>(),
    towns: new Set<number>(),
    regions: new Set<string>(),
  };
  const byEntity: Record<string, Set<number>> = {
    event: ids.events,
    series: ids.series,
    participant: ids.participants,
    event_request: ids.requests,
    venue: ids.venues,
    user: ids.users,
  };
  for (const entry of entries) {
    if (entry.entityId !== null) byEntity[entry.entity]?.add(entry.entityId);
    const d = entry.details;
    for (const [key, set] of [
      ["eventId", ids.events],
      ["participantId", ids.participants],
      ["requestId", ids.requests],
      ["venueId", ids.venues],
      ["townId", ids.towns],
    ] as const) {
      const id = idOf(d[key]);
      if (id !== null) set.add(id);
    }
    if (typeof d.regionCode === "string" && d.regionCode) ids.regions.add(d.regionCode);
  }
  return ids;
}

export function idOf(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : null;
}

function quoted(text: string, t: Translate): string {
  return t(`${PREFIX}.quoted`, { text });
}

export function actorRef(entry: AuditEntry, names: AuditNames, t: Translate): Ref {
  switch (entry.actorKind) {
    case "user":
      return { text: entry.actorName ?? t(`${PREFIX}.actor.user`) };
    case "participant": {
      const id = idOf(entry.details.participantId);
      const name = id !== null ? names.participants[id] : undefined;
      if (id !== null && name) return { text: name, href: `/admin/participants/${id}` };
      return { text: t(name === null ? `${PREFIX}.actor.erasedParticipant` : `${PREFIX}.actor.participant`) };
    }
    case "host": {
      const id = idOf(entry.details.requestId);
      const name = id !== null ? names.requests[id] : undefined;
      return name ? { text: name, href: `/admin/requests#request-${id}` } : { text: t(`${PREFIX}.actor.host`) };
    }
    default:
      return { text: t(`${PREFIX}.actor.system`) };
  }
}

export function eventRef(id: number | null, names: AuditNames, t: Translate): Ref {
  if (id === null) return { text: t(`${PREFIX}.unnamed`) };
  const title = names.events[id];
  if (title === undefined) return { text: t(`${PREFIX}.gone`, { id }) };
  return { text: title ? quoted(title, t) : t(`${PREFIX}.numbered`, { id }), href: `/admin/events/${id}` };
}

export function seriesRef(id: number | null, names: AuditNames, t: Translate): Ref {
  if (id === null) return { text: t(`${PREFIX}.unnamed`) };
  const title = names.series[id];
  if (title === undefined) return { text: t(`${PREFIX}.gone`, { id }) };
  return { text: title ? quoted(title, t) : t(`${PREFIX}.numbered`, { id }), href: `/admin/series/${id}` };
}

export function participantRef(id: number | null, names: AuditNames, t: Translate): Ref {
  if (id === null) return { text: t(`${PREFIX}.unnamed`) };
  const name = names.participants[id];
  if (name === null) return { text: t(`${PREFIX}.erasedParticipant`, { id }) };
  if (name === undefined) return { text: t(`${PREFIX}.gone`, { id }) };
  return { text: name, href: `/admin/participants/${id}` };
}

export function requestRef(id: number | null, names: AuditNames, t: Translate): Ref {
  if (id === null) return { text: t(`${PREFIX}.unnamed`) };
  const name = names.requests[id];
  return name === undefined ? { text: t(`${PREFIX}.gone`, { id }) } : { text: name, href: `/admin/requests#request-${id}` };
}

export function venueRef(id: number | null, names: AuditNames, t: Translate): Ref {
  if (id === null) return { text: t(`${PREFIX}.unnamed`) };
  const name = names.venues[id];
  return name === undefined ? { text: t(`${PREFIX}.gone`, { id }) } : { text: name, href: `/venues/${id}` };
}

export function userRef(id: number | null, names: AuditNames, t: Translate): Ref {
  if (id === null) return { text: t(`${PREFIX}.unnamed`) };
  const name = names.users[id];
  return name === undefined ? { text: t(`${PREFIX}.gone`, { id }) } : { text: name, href: "/admin/users" };
}

/** What an entry of an unknown action is about, in words: "the event “…”", "an account". */
export function recordRef(entry: AuditEntry, names: AuditNames, t: Translate): Ref {
  const id = entry.entityId;
  switch (entry.entity) {
    case "event":
      return withKind("event", eventRef(id, names, t), t);
    case "series":
      return withKind("series", seriesRef(id, names, t), t);
    case "participant":
      return withKind("participant", participantRef(id, names, t), t);
    case "event_request":
      return withKind("event_request", requestRef(id, names, t), t);
    case "venue":
      return withKind("venue", venueRef(id, names, t), t);
    case "user":
      return withKind("user", userRef(id, names, t), t);
    default:
      return { text: auditEntityName(entry.entity, t) };
  }
}

function withKind(entity: string, ref: Ref, t: Translate): Ref {
  return { ...ref, text: `${t(`${PREFIX}.entity.${entity}`)}: ${ref.text}` };
}
