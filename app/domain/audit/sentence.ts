/**
 * The audit log in words: one entry (action code, record, details, who) becomes a sentence in the
 * reader's language, with links to what it concerns. Pure: translations, names and date formats
 * come in as arguments.
 */

/** Every action the code base writes to the audit log (a test checks the source writes no other). */
export const AUDIT_ACTIONS = [
  "event.create",
  "event.transition",
  "event.update",
  "event.outcome",
  "event.attendance",
  "event.locals_count",
  "feedback.respond",
  "matching.accept",
  "matching.invite",
  "matching.lock",
  "matching.exclude",
  "matching.clear",
  "invitation.accept",
  "invitation.decline",
  "invitation.withdraw",
  "request.create",
  "request.accept",
  "request.decline",
  "request.withdraw",
  "request.link_replaced",
  "venue.create",
  "series.create",
  "series.update",
  "participant.signup",
  "participant.update",
  "participant.pause",
  "participant.resume",
  "participant.import",
  "participant.link_replaced",
  "participant.erase",
  "session.end",
  "session.end_others",
  "session.end_all",
  "feed_token.create",
  "feed_token.revoke",
  "settings.update",
  "user.create",
  "user.disable",
  "user.enable",
  "user.password",
  "user.digest",
  "participant.reminders",
  "message.retry",
  "message.cancel",
  "matching.series_lock",
  "matching.series_exclude",
  "matching.series_clear",
  "claim.submit",
  "claim.update",
  "claim.approve",
  "claim.reject",
  "payment_batch.create",
  "payment_batch.paid",
  "settings.travel",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The kinds of record audit entries are about (the `entity` column). */
export const AUDIT_ENTITIES = ["event", "series", "participant", "event_request", "assignment", "matching", "venue", "user", "session", "access_token", "settings", "message", "travel_claim", "payment_batch"] as const;

// The outbox's actions and record are worded in its own feature file (locales/<lng>/outbox.json).
const OUTBOX_PREFIX = "outbox.audit";
const OUTBOX_ACTIONS: Record<string, string> = { "user.digest": "userDigest", "participant.reminders": "participantReminders", "message.retry": "messageRetry", "message.cancel": "messageCancel" };
// Travel claims (locales/<lng>/claims.json) and whole-series choices (seriesRequest.json) likewise.
const CLAIMS_PREFIX = "claims.audit";
const SERIES_PREFIX = "seriesRequest.audit";
const FEATURE_ACTIONS: Record<string, string> = {
  "claim.submit": `${CLAIMS_PREFIX}.actionName.submit`,
  "claim.update": `${CLAIMS_PREFIX}.actionName.update`,
  "claim.approve": `${CLAIMS_PREFIX}.actionName.approve`,
  "claim.reject": `${CLAIMS_PREFIX}.actionName.reject`,
  "payment_batch.create": `${CLAIMS_PREFIX}.actionName.batchCreate`,
  "payment_batch.paid": `${CLAIMS_PREFIX}.actionName.batchPaid`,
  "settings.travel": `${CLAIMS_PREFIX}.actionName.settings`,
  "matching.series_lock": `${SERIES_PREFIX}.actionName.lock`,
  "matching.series_exclude": `${SERIES_PREFIX}.actionName.exclude`,
  "matching.series_clear": `${SERIES_PREFIX}.actionName.clear`,
};
const FEATURE_ENTITIES: Record<string, string> = { travel_claim: `${CLAIMS_PREFIX}.entity.claim`, payment_batch: `${CLAIMS_PREFIX}.entity.batch` };

/** Event fields an "event.update" entry may name as changed (the event table's columns). */
const EVENT_FIELDS: Record<string, string> = {
  kind: "kind",
  title: "title",
  description: "description",
  venue_id: "venue",
  starts_at: "time",
  ends_at: "time",
  capacity: "capacity",
  expected_audience: "audience",
  languages: "languages",
  is_public: "public",
  overnight_stay: "overnight",
  topic: "topic",
};

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

/** A piece of the sentence; with `href`, a link to the record it names. */
export type SentencePart = { text: string; href?: string };

export type Translate = (key: string, options?: Record<string, unknown>) => string;

export type DescribeOptions = {
  t: Translate;
  /** A local date ("2026-12-05") as a short day and month, e.g. "5. dets". */
  formatDay: (localDate: string, withYear: boolean) => string;
};

type Ref = { text: string; href?: string };
type Value = string | number | Ref;

const PREFIX = "adminpages.audit";
// Marks where a linked name goes in the translated text; stripped from names, so text cannot forge one.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const MARKS = /[\uE000\uE001]/g;

/** The ids of the records an entry names, so their names can be looked up before describing it. */
export function referencedIds(entries: Pick<AuditEntry, "entity" | "entityId" | "details">[]) {
  const ids = { events: new Set<number>(), series: new Set<number>(), participants: new Set<number>(), requests: new Set<number>(), venues: new Set<number>(), users: new Set<number>(), towns: new Set<number>(), regions: new Set<string>() };
  const byEntity: Record<string, Set<number>> = { event: ids.events, series: ids.series, participant: ids.participants, event_request: ids.requests, venue: ids.venues, user: ids.users };
  for (const entry of entries) {
    if (entry.entityId !== null) byEntity[entry.entity]?.add(entry.entityId);
    const d = entry.details;
    for (const [key, set] of [["eventId", ids.events], ["participantId", ids.participants], ["requestId", ids.requests], ["venueId", ids.venues], ["townId", ids.towns]] as const) {
      const id = idOf(d[key]);
      if (id !== null) set.add(id);
    }
    if (typeof d.regionCode === "string" && d.regionCode) ids.regions.add(d.regionCode);
  }
  return ids;
}

/** One audit entry as a sentence, e.g. "Kristi Tamm moved “Christmas market – Kihnu” from Planned to Confirmed". */
export function describeAuditEntry(entry: AuditEntry, names: AuditNames, options: DescribeOptions): SentencePart[] {
  const { t } = options;
  const d = entry.details;
  const say = (key: string, values: Record<string, Value> = {}) => fill(t, `${PREFIX}.sentence.${key}`, { actor: actorRef(entry, names, t), ...values });
  const count = (key: string) => {
    const n = Number(d[key]);
    return Number.isSafeInteger(n) && n >= 0 ? n : null;
  };
  const subjectId = entry.entityId;
  const event = (id: number | null) => eventRef(id, names, t);
  const participant = (id: number | null) => participantRef(id, names, t);
  const request = (id: number | null) => requestRef(id, names, t);
  const reason = typeof d.reason === "string" && d.reason.trim() ? d.reason.trim() : null;
  // Older entries kept the participant's words; now only whether there were any (never shown).
  const withReason = typeof d.withReason === "boolean" ? d.withReason : "reason" in d ? reason !== null : null;
  const reasonVariant = withReason === null ? "plain" : withReason ? "withReason" : "withoutReason";
  const byThemselves = entry.actorKind === "participant" && idOf(d.participantId) === subjectId;

  switch (entry.action as AuditAction) {
    case "event.create":
      return idOf(d.requestId) !== null ? say("event.createFromRequest", { event: event(subjectId), request: request(idOf(d.requestId)) }) : say("event.create", { event: event(subjectId) });
    case "event.transition": {
      const from = stateName(d.from, t);
      const to = stateName(d.to, t);
      if (!from || !to) return say("event.transitionUnknown", { event: event(subjectId) });
      return reason ? say("event.transitionWithReason", { event: event(subjectId), from, to, reason }) : say("event.transition", { event: event(subjectId), from, to });
    }
    case "event.update": {
      const changed = Array.isArray(d.changed) ? d.changed.filter((f): f is string => typeof f === "string") : null;
      const fields = [...new Set((changed ?? []).map((f) => EVENT_FIELDS[f]).filter(Boolean))].map((f) => t(`${PREFIX}.field.${f}`));
      if (changed !== null && changed.length === 0) return say("event.updateNothing", { event: event(subjectId) });
      return fields.length ? say("event.updateFields", { event: event(subjectId), fields: fields.join(", ") }) : say("event.update", { event: event(subjectId) });
    }
    case "event.outcome":
      return say("event.outcome", { event: event(subjectId) });
    case "event.attendance": {
      const [attended, noShow] = [count("attended"), count("noShow")];
      return attended === null || noShow === null ? say("event.attendancePlain", { event: event(subjectId) }) : say("event.attendance", { event: event(subjectId), attended, noShow });
    }
    case "event.locals_count": {
      const n = count("localsCount");
      return n === null ? say("event.localsCountCleared", { event: event(subjectId) }) : say("event.localsCount", { event: event(subjectId), count: n });
    }
    case "feedback.respond":
      return say("feedback.respond", { event: event(subjectId) });
    case "matching.accept":
    case "matching.invite": {
      const n = count(entry.action === "matching.accept" ? "assignments" : "invitations");
      const period = periodRef(d, names, options);
      const key = entry.action === "matching.accept" ? "accept" : "invite";
      if (n === null) return period ? say(`matching.${key}Period`, { period }) : say(`matching.${key}Plain`);
      return period ? say(`matching.${key}`, { count: n, period }) : say(`matching.${key}Count`, { count: n });
    }
    case "matching.lock":
    case "matching.exclude":
    case "matching.clear":
      return say(entry.action, { participant: participant(idOf(d.participantId)), event: event(subjectId) });
    case "invitation.accept":
      return say("invitation.accept", { event: event(idOf(d.eventId)) });
    case "invitation.decline":
      return say(`invitation.decline.${reasonVariant}`, { event: event(idOf(d.eventId)) });
    case "invitation.withdraw":
      return say(`invitation.withdraw.${reasonVariant}`, { event: event(idOf(d.eventId)) });
    case "request.create": {
      const kind = typeof d.kind === "string" ? t(`event.kind.${d.kind}`, { defaultValue: "" }) : "";
      const town = names.towns[idOf(d.townId) ?? -1];
      return kind && town ? say("request.create", { kind, town }) : say("request.createPlain");
    }
    case "request.accept":
      return idOf(d.eventId) !== null ? say("request.accept", { request: request(subjectId), event: event(idOf(d.eventId)) }) : say("request.acceptPlain", { request: request(subjectId) });
    case "request.decline":
      return reason ? say("request.declineWithReason", { request: request(subjectId), reason }) : say("request.decline", { request: request(subjectId) });
    case "request.withdraw":
      return say("request.withdraw", { request: request(subjectId) });
    case "request.link_replaced":
      return say(d.mailed === true ? "request.linkMailed" : d.mailed === false ? "request.linkNotMailed" : "request.link", { request: request(subjectId) });
    case "venue.create":
      return say("venue.create", { venue: venueRef(subjectId, names, t) });
    case "series.create": {
      const n = count("sessions");
      return n === null ? say("series.createPlain", { series: seriesRef(subjectId, names, t) }) : say("series.create", { series: seriesRef(subjectId, names, t), count: n });
    }
    case "series.update": {
      const [updated, created, removed] = [count("updated"), count("created"), count("removed")];
      if (updated === null || created === null || removed === null) return say("series.updatePlain", { series: seriesRef(subjectId, names, t) });
      return say("series.update", { series: seriesRef(subjectId, names, t), updated, created, removed });
    }
    case "participant.signup":
      return say("participant.signup");
    case "participant.update":
      return byThemselves ? say("participant.updateOwn") : say("participant.update", { participant: participant(subjectId) });
    case "participant.pause":
      return byThemselves ? say("participant.pauseOwn") : say("participant.pause", { participant: participant(subjectId) });
    case "participant.resume":
      return byThemselves ? say("participant.resumeOwn") : say("participant.resume", { participant: participant(subjectId) });
    case "participant.import": {
      const n = count("count");
      return n === null ? say("participant.importPlain") : say("participant.import", { count: n });
    }
    case "participant.link_replaced":
      return byThemselves ? say("participant.linkOwn") : say("participant.link", { participant: participant(subjectId) });
    case "participant.erase":
      return subjectId === null ? say("participant.erasePlain") : say("participant.erase", { id: subjectId });
    case "session.end":
      return say("session.end");
    case "session.end_others":
    case "session.end_all": {
      const n = count("sessions");
      const key = entry.action === "session.end_all" ? "endAll" : "endOthers";
      return n === null ? say(`session.${key}Plain`) : say(`session.${key}`, { count: n });
    }
    case "feed_token.create":
      return say("feedToken.create");
    case "feed_token.revoke":
      return say("feedToken.revoke");
    case "settings.update":
      return say("settings.update");
    case "user.create": {
      const role = typeof d.role === "string" ? t(`users.roles.${d.role}`, { defaultValue: "" }) : "";
      return role ? say("user.create", { user: userRef(subjectId, names, t), role }) : say("user.createPlain", { user: userRef(subjectId, names, t) });
    }
    case "user.disable":
      return say("user.disable", { user: userRef(subjectId, names, t) });
    case "user.enable":
      return say("user.enable", { user: userRef(subjectId, names, t) });
    case "user.password": {
      const n = count("sessionsEnded");
      return n ? say("user.passwordSessions", { count: n }) : say("user.password");
    }
    case "user.digest":
      return fill(t, `${OUTBOX_PREFIX}.sentence.${d.on === true ? "digestOn" : d.on === false ? "digestOff" : "digest"}`, { actor: actorRef(entry, names, t) });
    case "participant.reminders": {
      const key = d.on === true ? "remindersOn" : d.on === false ? "remindersOff" : "reminders";
      return byThemselves
        ? fill(t, `${OUTBOX_PREFIX}.sentence.${key}Own`, { actor: actorRef(entry, names, t) })
        : fill(t, `${OUTBOX_PREFIX}.sentence.${key}`, { actor: actorRef(entry, names, t), participant: participant(subjectId) });
    }
    case "message.retry":
    case "message.cancel": {
      const key = entry.action === "message.retry" ? "retry" : "cancel";
      return subjectId === null
        ? fill(t, `${OUTBOX_PREFIX}.sentence.${key}Plain`, { actor: actorRef(entry, names, t) })
        : fill(t, `${OUTBOX_PREFIX}.sentence.${key}`, { actor: actorRef(entry, names, t), message: { text: t(`${OUTBOX_PREFIX}.numbered`, { id: subjectId }), href: `/admin/outbox?id=${subjectId}` } });
    }
    case "matching.series_lock":
    case "matching.series_exclude":
    case "matching.series_clear": {
      const key = entry.action.slice("matching.series_".length);
      const n = count("sessions");
      const values = { actor: actorRef(entry, names, t), participant: participant(idOf(d.participantId)), series: seriesRef(subjectId, names, t) };
      return n === null ? fill(t, `${SERIES_PREFIX}.sentence.${key}Plain`, values) : fill(t, `${SERIES_PREFIX}.sentence.${key}`, { ...values, count: n });
    }
    case "claim.submit":
    case "claim.update":
    case "claim.approve":
    case "claim.reject": {
      const key = entry.action.slice("claim.".length);
      const claim = subjectId === null ? null : { text: t(`${CLAIMS_PREFIX}.numbered`, { id: subjectId }) };
      return claim ? fill(t, `${CLAIMS_PREFIX}.sentence.${key}`, { actor: actorRef(entry, names, t), claim }) : fill(t, `${CLAIMS_PREFIX}.sentence.${key}Plain`, { actor: actorRef(entry, names, t) });
    }
    case "payment_batch.create":
    case "payment_batch.paid": {
      const key = entry.action === "payment_batch.create" ? "batchCreate" : "batchPaid";
      const n = count("claims");
      const batch = subjectId === null ? null : { text: t(`${CLAIMS_PREFIX}.batchNumbered`, { id: subjectId }) };
      if (!batch || n === null) return fill(t, `${CLAIMS_PREFIX}.sentence.${key}Plain`, { actor: actorRef(entry, names, t) });
      return fill(t, `${CLAIMS_PREFIX}.sentence.${key}`, { actor: actorRef(entry, names, t), batch, count: n });
    }
    case "settings.travel":
      return fill(t, `${CLAIMS_PREFIX}.sentence.settings`, { actor: actorRef(entry, names, t) });
    default:
      return say("unknown", { record: recordRef(entry, names, t) });
  }
}

/** The name of an action for the filter menu ("Invitations sent"); unknown codes get a generic name. */
export function auditActionName(action: string, t: Translate): string {
  if (action in OUTBOX_ACTIONS) return t(`${OUTBOX_PREFIX}.actionName.${OUTBOX_ACTIONS[action]}`);
  if (action in FEATURE_ACTIONS) return t(FEATURE_ACTIONS[action]);
  return (AUDIT_ACTIONS as readonly string[]).includes(action) ? t(`${PREFIX}.actionName.${actionKey(action)}`) : t(`${PREFIX}.actionName.other`);
}

/** The name of a kind of record for the filter menu ("Event request"). */
export function auditEntityName(entity: string, t: Translate): string {
  if (entity === "message") return t(`${OUTBOX_PREFIX}.entity`);
  if (entity in FEATURE_ENTITIES) return t(FEATURE_ENTITIES[entity]);
  return (AUDIT_ENTITIES as readonly string[]).includes(entity) ? t(`${PREFIX}.entity.${entity}`) : t(`${PREFIX}.entity.other`);
}

/** "participant.link_replaced" → "participant.link_replaced" as a nested key; "feed_token.create" → "feedToken.create". */
function actionKey(action: string): string {
  return action.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Translates `key`, putting each linked name where its placeholder was. */
function fill(t: Translate, key: string, values: Record<string, Value>): SentencePart[] {
  const refs: Ref[] = [];
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === "object") {
      options[name] = `${OPEN}${refs.length}${CLOSE}`;
      refs.push({ ...value, text: value.text.replace(MARKS, "") });
    } else {
      options[name] = typeof value === "string" ? value.replace(MARKS, "") : value;
    }
  }
  const parts: SentencePart[] = [];
  const add = (part: SentencePart) => {
    const last = parts[parts.length - 1];
    // Plain text runs together, so a sentence without links is one piece.
    if (!part.href && last && !last.href) last.text += part.text;
    else parts.push(part);
  };
  const text = t(key, options);
  let at = 0;
  for (const match of text.matchAll(/\uE000(\d+)\uE001/g)) {
    if (match.index > at) add({ text: text.slice(at, match.index) });
    const ref = refs[Number(match[1])];
    add(ref.href ? { text: ref.text, href: ref.href } : { text: ref.text });
    at = match.index + match[0].length;
  }
  if (at < text.length) add({ text: text.slice(at) });
  return parts;
}

function idOf(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : null;
}

function stateName(state: unknown, t: Translate): string | null {
  return typeof state === "string" ? t(`event.state.${state}`, { defaultValue: "" }) || null : null;
}

function quoted(text: string, t: Translate): string {
  return t(`${PREFIX}.quoted`, { text });
}

function actorRef(entry: AuditEntry, names: AuditNames, t: Translate): Ref {
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

function eventRef(id: number | null, names: AuditNames, t: Translate): Ref {
  if (id === null) return { text: t(`${PREFIX}.unnamed`) };
  const title = names.events[id];
  if (title === undefined) return { text: t(`${PREFIX}.gone`, { id }) };
  return { text: title ? quoted(title, t) : t(`${PREFIX}.numbered`, { id }), href: `/admin/events/${id}` };
}

function seriesRef(id: number | null, names: AuditNames, t: Translate): Ref {
  if (id === null) return { text: t(`${PREFIX}.unnamed`) };
  const title = names.series[id];
  if (title === undefined) return { text: t(`${PREFIX}.gone`, { id }) };
  return { text: title ? quoted(title, t) : t(`${PREFIX}.numbered`, { id }), href: `/admin/series/${id}` };
}

function participantRef(id: number | null, names: AuditNames, t: Translate): Ref {
  if (id === null) return { text: t(`${PREFIX}.unnamed`) };
  const name = names.participants[id];
  if (name === null) return { text: t(`${PREFIX}.erasedParticipant`, { id }) };
  if (name === undefined) return { text: t(`${PREFIX}.gone`, { id }) };
  return { text: name, href: `/admin/participants/${id}` };
}

function requestRef(id: number | null, names: AuditNames, t: Translate): Ref {
  if (id === null) return { text: t(`${PREFIX}.unnamed`) };
  const name = names.requests[id];
  return name === undefined ? { text: t(`${PREFIX}.gone`, { id }) } : { text: name, href: `/admin/requests#request-${id}` };
}

function venueRef(id: number | null, names: AuditNames, t: Translate): Ref {
  if (id === null) return { text: t(`${PREFIX}.unnamed`) };
  const name = names.venues[id];
  return name === undefined ? { text: t(`${PREFIX}.gone`, { id }) } : { text: name, href: `/venues/${id}` };
}

function userRef(id: number | null, names: AuditNames, t: Translate): Ref {
  if (id === null) return { text: t(`${PREFIX}.unnamed`) };
  const name = names.users[id];
  return name === undefined ? { text: t(`${PREFIX}.gone`, { id }) } : { text: name, href: "/admin/users" };
}

/** "5. dets – 20. dets 2026 (Saare maakond)", linking to the matching page for that period. */
function periodRef(d: Record<string, unknown>, names: AuditNames, options: DescribeOptions): Ref | null {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (typeof d.from !== "string" || typeof d.to !== "string" || !day.test(d.from) || !day.test(d.to)) return null;
  const region = typeof d.regionCode === "string" && d.regionCode ? names.regions[d.regionCode] : undefined;
  const sameYear = d.from.slice(0, 4) === d.to.slice(0, 4);
  const span = d.from === d.to ? options.formatDay(d.from, true) : `${options.formatDay(d.from, !sameYear)} – ${options.formatDay(d.to, true)}`;
  const query = new URLSearchParams({ from: d.from, to: d.to });
  if (region) query.set("region", String(d.regionCode));
  return { text: region ? `${span} (${region})` : span, href: `/admin/matching?${query}` };
}

/** What an entry of an unknown action is about, in words: "the event “…”", "an account". */
function recordRef(entry: AuditEntry, names: AuditNames, t: Translate): Ref {
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
