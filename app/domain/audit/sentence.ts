/**
 * The audit log in words: one entry (action code, record, details, who) becomes a sentence in the
 * reader's language, with links to what it concerns. Pure: translations, names and date formats
 * come in as arguments.
 */
import { AUDIT_PREFIX as PREFIX, CLAIMS_PREFIX, OUTBOX_PREFIX, SERIES_PREFIX, type AuditAction, type Translate } from "./actions";
import { actorRef, eventRef, idOf, participantRef, recordRef, requestRef, seriesRef, userRef, venueRef, type AuditEntry, type AuditNames, type Ref } from "./names";

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

/** A piece of the sentence; with `href`, a link to the record it names. */
export type SentencePart = { text: string; href?: string };

export type DescribeOptions = {
  t: Translate;
  /** A local date ("2026-12-05") as a short day and month, e.g. "5. dets". */
  formatDay: (localDate: string, withYear: boolean) => string;
};

type Value = string | number | Ref;

// Marks where a linked name goes in the translated text; stripped from names, so text cannot forge one.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const MARKS = /[\uE000\uE001]/g;

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
      return idOf(d.requestId) !== null
        ? say("event.createFromRequest", { event: event(subjectId), request: request(idOf(d.requestId)) })
        : say("event.create", { event: event(subjectId) });
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
      return attended === null || noShow === null
        ? say("event.attendancePlain", { event: event(subjectId) })
        : say("event.attendance", { event: event(subjectId), attended, noShow });
    }
    case "event.locals_count": {
      const n = count("localsCount");
      return n === null ? say("event.localsCountCleared", { event: event(subjectId) }) : say("event.localsCount", { event: event(subjectId), count: n });
    }
    case "feedback.give":
      return say(d.changed === true ? "feedback.change" : "feedback.give", { event: event(subjectId) });
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
      return idOf(d.eventId) !== null
        ? say("request.accept", { request: request(subjectId), event: event(idOf(d.eventId)) })
        : say("request.acceptPlain", { request: request(subjectId) });
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
    case "message.cancel":
    case "message.told": {
      const key = ({ "message.retry": "retry", "message.cancel": "cancel", "message.told": "told" } as const)[entry.action];
      return subjectId === null
        ? fill(t, `${OUTBOX_PREFIX}.sentence.${key}Plain`, { actor: actorRef(entry, names, t) })
        : fill(t, `${OUTBOX_PREFIX}.sentence.${key}`, {
            actor: actorRef(entry, names, t),
            message: { text: t(`${OUTBOX_PREFIX}.numbered`, { id: subjectId }), href: `/admin/outbox?id=${subjectId}` },
          });
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
      return claim
        ? fill(t, `${CLAIMS_PREFIX}.sentence.${key}`, { actor: actorRef(entry, names, t), claim })
        : fill(t, `${CLAIMS_PREFIX}.sentence.${key}Plain`, { actor: actorRef(entry, names, t) });
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

function stateName(state: unknown, t: Translate): string | null {
  return typeof state === "string" ? t(`event.state.${state}`, { defaultValue: "" }) || null : null;
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
