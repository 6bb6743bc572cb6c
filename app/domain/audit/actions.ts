/** The actions and kinds of record the audit log knows, and their names for the log's filter menus. */
import { isOneOf } from "../vocabulary";

/** Every action the code base writes to the audit log (a test checks the source writes no other). */
export const AUDIT_ACTIONS = [
  "event.create",
  "event.transition",
  "event.update",
  "event.outcome",
  "event.attendance",
  "event.locals_count",
  "feedback.give",
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
  "message.told",
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
export const AUDIT_ENTITIES = [
  "event",
  "series",
  "participant",
  "event_request",
  "assignment",
  "matching",
  "venue",
  "user",
  "session",
  "access_token",
  "settings",
  "message",
  "travel_claim",
  "payment_batch",
] as const;

// The outbox's actions and record are worded in its own feature file (locales/<lng>/outbox.json).
export const OUTBOX_PREFIX = "outbox.audit";
const OUTBOX_ACTIONS: Record<string, string> = {
  "user.digest": "userDigest",
  "participant.reminders": "participantReminders",
  "message.retry": "messageRetry",
  "message.cancel": "messageCancel",
  "message.told": "messageTold",
};

// Travel claims (locales/<lng>/claims.json) and whole-series choices (seriesRequest.json) likewise.
export const CLAIMS_PREFIX = "claims.audit";
export const SERIES_PREFIX = "seriesRequest.audit";
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

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Where the audit log's own words are (locales/<lng>/adminpages.json). */
export const AUDIT_PREFIX = "adminpages.audit";

/** The name of an action for the filter menu ("Invitations sent"); unknown codes get a generic name. */
export function auditActionName(action: string, t: Translate): string {
  if (action in OUTBOX_ACTIONS) return t(`${OUTBOX_PREFIX}.actionName.${OUTBOX_ACTIONS[action]}`);
  if (action in FEATURE_ACTIONS) return t(FEATURE_ACTIONS[action]);
  return isOneOf(AUDIT_ACTIONS, action) ? t(`${AUDIT_PREFIX}.actionName.${actionKey(action)}`) : t(`${AUDIT_PREFIX}.actionName.other`);
}

/** The name of a kind of record for the filter menu ("Event request"). */
export function auditEntityName(entity: string, t: Translate): string {
  if (entity === "message") return t(`${OUTBOX_PREFIX}.entity`);
  if (entity in FEATURE_ENTITIES) return t(FEATURE_ENTITIES[entity]);
  return isOneOf(AUDIT_ENTITIES, entity) ? t(`${AUDIT_PREFIX}.entity.${entity}`) : t(`${AUDIT_PREFIX}.entity.other`);
}

/** "participant.link_replaced" → "participant.link_replaced" as a nested key; "feed_token.create" → "feedToken.create". */
function actionKey(action: string): string {
  return action.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
