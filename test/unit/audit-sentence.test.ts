import fs from "node:fs";
import path from "node:path";

import { createInstance, type TFunction } from "i18next";
import ts from "typescript";
import { describe, expect, it } from "vitest";

import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditActionName, auditEntityName, type AuditAction } from "~/domain/audit/actions";
import { NO_NAMES, type AuditEntry, type AuditNames } from "~/domain/audit/names";
import { describeAuditEntry, type SentencePart } from "~/domain/audit/sentence";
import { LOCALES, type Locale } from "~/domain/vocabulary";
import { i18nConfig } from "~/i18n/config";
import { resources } from "~/i18n/resources";
import { formatDayMonth } from "~/utils/dates";

const root = path.resolve(__dirname, "../..");

function translator(locale: Locale): TFunction {
  const i18n = createInstance();
  void i18n.init({ ...i18nConfig, lng: locale, resources, initImmediate: false });
  return i18n.t;
}
const T = Object.fromEntries(LOCALES.map((l) => [l, translator(l)])) as Record<Locale, TFunction>;

const NAMES: AuditNames = {
  events: { 7: "Christmas market – Kihnu", 8: "" },
  series: { 3: "Cosy corner in Paide" },
  participants: { 21: "Olena Kovalenko", 22: null },
  requests: { 5: "Orissaare Kohvik Pärl" },
  venues: { 9: "Kohvik Pärl, Orissaare" },
  users: { 2: "Maria Mets" },
  towns: { 40: "Orissaare" },
  regions: { "EE-74": "Saare maakond" },
};

type Example = Partial<AuditEntry> & { details: Record<string, unknown> };
const coordinator = { actorKind: "user", actorName: "Kristi Tamm" };
const participant = (id: number) => ({ actorKind: "participant", actorName: null, details: { participantId: id } });
const scope = { from: "2026-12-05", to: "2026-12-20", regionCode: null };

/**
 * Every action in the shapes the code writes it (and wrote it before: a decline once kept the
 * reason itself; erasure now leaves only ids), plus with its details gone.
 */
const EXAMPLES: Record<AuditAction, Example[]> = {
  "event.create": [
    { entity: "event", entityId: 7, details: { state: "draft", requestId: null } },
    { entity: "event", entityId: 7, details: { state: "planned", requestId: 5 } },
  ],
  "event.transition": [
    { entity: "event", entityId: 7, details: { from: "planned", to: "confirmed", reason: null } },
    { entity: "event", entityId: 7, details: { from: "confirmed", to: "cancelled", reason: "Ferry not running" } },
  ],
  "event.update": [
    { entity: "event", entityId: 7, details: { changed: ["starts_at", "ends_at", "venue_id"], sequenceBumped: true } },
    { entity: "event", entityId: 7, details: { changed: [], sequenceBumped: false } },
  ],
  "event.outcome": [{ entity: "event", entityId: 7, details: {} }],
  "event.attendance": [
    { entity: "event", entityId: 7, details: { attended: 3, noShow: 1 } },
    { entity: "event", entityId: 7, actorKind: "host", actorName: null, details: { attended: 1, noShow: 0, requestId: 5 } },
  ],
  "event.locals_count": [
    { entity: "event", entityId: 7, details: { localsCount: 42 } },
    { entity: "event", entityId: 7, details: { localsCount: null } },
  ],
  "feedback.give": [
    { entity: "event", entityId: 7, actorKind: "host", actorName: null, details: { changed: false, requestId: 5 } },
    { entity: "event", entityId: 7, ...participant(21), details: { changed: true, participantId: 21 } },
  ],
  "feedback.respond": [{ entity: "event", entityId: 7, details: { feedbackId: 4 } }],
  "matching.accept": [{ entity: "matching", entityId: null, details: { ...scope, assignments: 12, objective: 4001 } }],
  "matching.invite": [
    { entity: "matching", entityId: null, details: { ...scope, invitations: 12 } },
    { entity: "matching", entityId: null, details: { ...scope, regionCode: "EE-74", invitations: 1 } },
  ],
  "matching.lock": [{ entity: "event", entityId: 7, details: { participantId: 21 } }],
  "matching.exclude": [{ entity: "event", entityId: 7, details: { participantId: 21 } }],
  "matching.clear": [{ entity: "event", entityId: 7, details: { participantId: 22 } }],
  "matching.series_lock": [{ entity: "series", entityId: 3, details: { participantId: 21, sessions: 4 } }],
  "matching.series_exclude": [{ entity: "series", entityId: 3, details: { participantId: 21, sessions: 1 } }],
  "matching.series_clear": [{ entity: "series", entityId: 3, details: { participantId: 22, sessions: 0 } }],
  "claim.submit": [{ entity: "travel_claim", entityId: 11, ...participant(21), details: { participantId: 21, amountCents: 1850, receipt: true } }],
  "claim.update": [{ entity: "travel_claim", entityId: 11, ...participant(21), details: { participantId: 21, amountCents: 1850, receipt: false } }],
  "claim.approve": [{ entity: "travel_claim", entityId: 11, details: {} }],
  "claim.reject": [{ entity: "travel_claim", entityId: 11, details: {} }],
  "payment_batch.create": [{ entity: "payment_batch", entityId: 2, details: { claims: 3 } }],
  "payment_batch.paid": [{ entity: "payment_batch", entityId: 2, details: { claims: 1 } }],
  "settings.travel": [{ entity: "settings", entityId: null, details: { changed: ["kmRate"] } }],
  "invitation.accept": [{ entity: "assignment", entityId: 30, ...participant(21), details: { eventId: 7, slotId: 3, participantId: 21 } }],
  "invitation.decline": [
    { entity: "assignment", entityId: 30, ...participant(21), details: { eventId: 7, withReason: true, participantId: 21 } },
    { entity: "assignment", entityId: 30, ...participant(21), details: { eventId: 7, withReason: false, participantId: 21 } },
    { entity: "assignment", entityId: 30, ...participant(21), details: { eventId: 7, reason: "I am ill", participantId: 21 } },
  ],
  "invitation.withdraw": [{ entity: "assignment", entityId: 30, ...participant(22), details: { eventId: 7, withReason: false, participantId: 22 } }],
  "request.create": [{ entity: "event_request", entityId: 5, actorKind: "host", details: { townId: 40, kind: "community_event", requestId: 5 } }],
  "request.accept": [{ entity: "event_request", entityId: 5, details: { eventId: 7, venueId: 9 } }],
  "request.decline": [{ entity: "event_request", entityId: 5, details: { reason: "No date free" } }],
  "request.withdraw": [{ entity: "event_request", entityId: 5, actorKind: "host", details: { requestId: 5 } }],
  "request.link_replaced": [
    { entity: "event_request", entityId: 5, details: { mailed: true } },
    { entity: "event_request", entityId: 5, details: { mailed: false } },
  ],
  "venue.create": [{ entity: "venue", entityId: 9, details: { requestId: 5 } }],
  "series.create": [{ entity: "series", entityId: 3, details: { sessions: 8 } }],
  "series.update": [{ entity: "series", entityId: 3, details: { updated: 2, created: 1, removed: 0, kept: 5 } }],
  "participant.signup": [{ entity: "participant", entityId: 21, ...participant(21), details: { consentVersion: "2026-11", participantId: 21 } }],
  "participant.update": [
    { entity: "participant", entityId: 21, details: {} },
    { entity: "participant", entityId: 21, ...participant(21), details: { participantId: 21 } },
  ],
  "participant.pause": [
    { entity: "participant", entityId: 21, ...participant(21), details: { participantId: 21 } },
    { entity: "participant", entityId: 21, details: { pausedUntil: "2027-01-10" } },
  ],
  "participant.resume": [
    { entity: "participant", entityId: 21, ...participant(21), details: { participantId: 21 } },
    { entity: "participant", entityId: 21, details: {} },
  ],
  "participant.import": [{ entity: "participant", entityId: null, details: { count: 14 } }],
  "participant.link_replaced": [
    { entity: "participant", entityId: 21, details: {} },
    { entity: "participant", entityId: 21, ...participant(21), details: { participantId: 21 } },
  ],
  "participant.erase": [{ entity: "participant", entityId: 22, details: {} }],
  "session.end": [{ entity: "session", entityId: 11, details: {} }],
  "session.end_others": [{ entity: "user", entityId: 1, details: { sessions: 2 } }],
  "session.end_all": [{ entity: "user", entityId: 1, details: { sessions: 1 } }],
  "feed_token.create": [{ entity: "access_token", entityId: 12, details: {} }],
  "feed_token.revoke": [{ entity: "access_token", entityId: 12, details: {} }],
  "settings.update": [{ entity: "settings", entityId: null, details: { changed: ["contact_phone"] } }],
  "user.create": [{ entity: "user", entityId: 2, details: { role: "coordinator" } }],
  "user.disable": [{ entity: "user", entityId: 2, details: {} }],
  "user.enable": [{ entity: "user", entityId: 2, details: {} }],
  "user.password": [
    { entity: "user", entityId: 1, details: {} },
    { entity: "user", entityId: 1, details: { sessionsEnded: 3 } },
  ],
  // The outbox's switches and buttons (issue 15).
  "user.digest": [
    { entity: "user", entityId: 1, details: { on: true } },
    { entity: "user", entityId: 1, details: { on: false } },
  ],
  "participant.reminders": [
    { entity: "participant", entityId: 21, ...participant(21), details: { on: false, participantId: 21 } },
    { entity: "participant", entityId: 21, details: { on: true } },
  ],
  "message.retry": [{ entity: "message", entityId: 40, details: {} }],
  "message.cancel": [{ entity: "message", entityId: 40, details: {} }],
  "message.told": [{ entity: "message", entityId: 41, details: { eventId: 12, participantId: 3 } }],
};

function entry(action: string, example: Example): AuditEntry {
  return { action, entity: "event", entityId: null, ...coordinator, ...example, details: example.details };
}

function describe_(locale: Locale, e: AuditEntry, names: AuditNames = NAMES): SentencePart[] {
  return describeAuditEntry(e, names, { t: T[locale], formatDay: (d, withYear) => formatDayMonth(d, locale, withYear) });
}

const text = (parts: SentencePart[]) => parts.map((p) => p.text).join("");

/** What a reader must never see: a placeholder, a message key, a code or JSON. */
function expectWords(sentence: string, action: string, label: string) {
  expect(sentence.trim(), label).not.toBe("");
  expect(sentence, label).not.toContain("{{");
  expect(sentence, label).not.toContain("adminpages.");
  expect(sentence, label).not.toContain(action);
  expect(sentence, label).not.toMatch(/[{}[\]]|undefined|null|NaN|\[object/);
  expect(sentence, label).not.toMatch(/[\uE000\uE001]/);
}

// ---------------------------------------------------------------------------------------------
// Which actions the code base writes: every audit(…) call's action argument, read from the source.

/** Action arguments built from a template, with what they can become. */
const TEMPLATES: Record<string, string[]> = {
  '`matching.${kind === "none" ? "clear" : kind}`': ["matching.clear", "matching.lock", "matching.exclude"],
  '`matching.series_${kind === "none" ? "clear" : kind}`': ["matching.series_clear", "matching.series_lock", "matching.series_exclude"],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.(ts|tsx|mjs)$/.test(entry.name) ? [full] : [];
  });
}

function writtenActions(): { actions: Set<string>; calls: number; unreadable: string[] } {
  const actions = new Set<string>();
  const unreadable: string[] = [];
  let calls = 0;
  const actionsOf = (node: ts.Expression, where: string): string[] => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
    if (ts.isParenthesizedExpression(node)) return actionsOf(node.expression, where);
    if (ts.isConditionalExpression(node)) return [...actionsOf(node.whenTrue, where), ...actionsOf(node.whenFalse, where)];
    const known = TEMPLATES[node.getText()];
    if (known) return known;
    unreadable.push(`${where}: ${node.getText()}`);
    return [];
  };
  for (const file of ["app", "db", "scripts"].flatMap((d) => sourceFiles(path.join(root, d)))) {
    const text = fs.readFileSync(file, "utf8");
    if (!text.includes("audit(")) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "audit" && node.arguments.length >= 4) {
        calls += 1;
        const where = `${path.relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        for (const action of actionsOf(node.arguments[2], where)) actions.add(action);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { actions, calls, unreadable };
}

describe("audit log sentences", () => {
  it("cover every action the code base writes", () => {
    const { actions, calls, unreadable } = writtenActions();
    // A scan that found nothing would prove nothing.
    expect(calls).toBeGreaterThan(30);
    expect(unreadable, "action arguments the test cannot read: add them to TEMPLATES").toEqual([]);
    const known = new Set<string>(AUDIT_ACTIONS);
    expect(
      [...actions].filter((a) => !known.has(a)),
      "written but not in AUDIT_ACTIONS (give them a sentence)",
    ).toEqual([]);
    for (const action of ["matching.invite", "participant.erase", "session.end_all", "invitation.decline"]) expect(actions).toContain(action);
  });

  it.each(LOCALES)("tell every action in words in %s, whatever its details", (locale) => {
    for (const action of AUDIT_ACTIONS) {
      for (const example of [...EXAMPLES[action], { ...EXAMPLES[action][0], details: {} }]) {
        const e = entry(action, example);
        expectWords(text(describe_(locale, e)), action, `${locale} ${action} ${JSON.stringify(e.details)}`);
        // Records that no longer exist are named as such, not as codes.
        expectWords(text(describe_(locale, e, NO_NAMES)), action, `${locale} ${action} without names`);
      }
      expectWords(auditActionName(action, T[locale]), action, `${locale} name of ${action}`);
    }
    for (const entity of AUDIT_ENTITIES) {
      const name = auditEntityName(entity, T[locale]);
      expectWords(name, "adminpages.", `${locale} name of ${entity}`);
      expect(name).not.toBe(entity);
      expect(name).not.toBe(T[locale]("adminpages.audit.entity.other"));
    }
  });

  it("read naturally in English, with the records linked", () => {
    const sent = describe_("en", entry("matching.invite", EXAMPLES["matching.invite"][0]));
    expect(text(sent)).toBe("Kristi Tamm sent 12 invitations for 5 Dec – 20 Dec 2026");
    expect(sent.find((p) => p.href)).toEqual({ text: "5 Dec – 20 Dec 2026", href: "/admin/matching?from=2026-12-05&to=2026-12-20" });

    const moved = describe_("en", entry("event.transition", EXAMPLES["event.transition"][0]));
    expect(text(moved)).toBe("Kristi Tamm moved “Christmas market – Kihnu” from Planned to Confirmed");
    expect(moved).toContainEqual({ text: "“Christmas market – Kihnu”", href: "/admin/events/7" });

    const declined = describe_("en", entry("invitation.decline", EXAMPLES["invitation.decline"][0]), { ...NAMES, participants: {} });
    expect(text(declined)).toBe("A participant declined the invitation to “Christmas market – Kihnu” (with a reason)");
    const byName = describe_("en", entry("invitation.decline", EXAMPLES["invitation.decline"][1]));
    expect(byName[0]).toEqual({ text: "Olena Kovalenko", href: "/admin/participants/21" });
    expect(text(byName)).toMatch(/\(without giving a reason\)$/);

    expect(text(describe_("en", entry("matching.invite", EXAMPLES["matching.invite"][1])))).toBe("Kristi Tamm sent 1 invitation for 5 Dec – 20 Dec 2026 (Saare maakond)");
    expect(text(describe_("en", entry("event.update", EXAMPLES["event.update"][0])))).toBe("Kristi Tamm edited “Christmas market – Kihnu”: time, venue");
    expect(text(describe_("en", entry("request.create", EXAMPLES["request.create"][0])))).toBe("Orissaare Kohvik Pärl asked for an event: Community event in Orissaare");
    expect(text(describe_("en", entry("series.update", EXAMPLES["series.update"][0])))).toBe(
      "Kristi Tamm changed the series “Cosy corner in Paide” (sessions moved: 2, added: 1, removed: 0)",
    );
    expect(text(describe_("en", entry("participant.pause", EXAMPLES["participant.pause"][0])))).toBe("Olena Kovalenko is taking a break from invitations");
    expect(text(describe_("en", entry("participant.pause", EXAMPLES["participant.pause"][1])))).toBe("Kristi Tamm paused invitations for Olena Kovalenko");
    expect(text(describe_("en", entry("user.digest", EXAMPLES["user.digest"][0])))).toBe("Kristi Tamm turned the morning digest on");
    expect(text(describe_("en", entry("participant.reminders", EXAMPLES["participant.reminders"][0])))).toBe("Olena Kovalenko turned reminders off");
    expect(text(describe_("en", entry("matching.series_exclude", EXAMPLES["matching.series_exclude"][0])))).toBe(
      "Kristi Tamm excluded Olena Kovalenko from the whole series “Cosy corner in Paide” (1 session)",
    );
    expect(text(describe_("en", entry("payment_batch.create", EXAMPLES["payment_batch.create"][0])))).toBe("Kristi Tamm created payment batch no. 2 with 3 claims");
    expect(text(describe_("en", entry("claim.submit", EXAMPLES["claim.submit"][0])))).toBe("Olena Kovalenko made travel claim no. 11");
    const retried = describe_("en", entry("message.retry", EXAMPLES["message.retry"][0]));
    expect(text(retried)).toBe("Kristi Tamm had message no. 40 sent again");
    expect(retried).toContainEqual({ text: "message no. 40", href: "/admin/outbox?id=40" });
    const told = describe_("en", entry("message.told", EXAMPLES["message.told"][0]));
    expect(text(told)).toBe("Kristi Tamm passed on message no. 41 by phone");
    expect(told).toContainEqual({ text: "message no. 41", href: "/admin/outbox?id=41" });
  });

  it("read naturally in Estonian, Russian and Ukrainian", () => {
    const moved = entry("event.transition", EXAMPLES["event.transition"][1]);
    expect(text(describe_("et", moved))).toBe("Kristi Tamm muutis ürituse „Christmas market – Kihnu“ olekut: Kinnitatud → Tühistatud. Põhjus: Ferry not running");
    const invite = entry("matching.invite", EXAMPLES["matching.invite"][0]);
    expect(text(describe_("et", invite))).toBe("Kristi Tamm saatis 12 kutset üritustele ajavahemikus 5. dets – 20. dets 2026");
    expect(text(describe_("ru", invite))).toBe("Kristi Tamm отправил(а) 12 приглашений на период 5 дек. – 20 дек. 2026");
    expect(text(describe_("uk", { ...invite, details: { ...invite.details, invitations: 3 } }))).toBe(
      "Kristi Tamm надіслав(\u2011ла) 3 запрошення на період 5 груд. – 20 груд. 2026",
    );
  });

  it("say when a record is gone or a participant erased, and link nowhere then", () => {
    const erased = describe_("en", entry("matching.clear", EXAMPLES["matching.clear"][0]));
    expect(text(erased)).toBe("Kristi Tamm removed the lock or exclusion of an erased participant (no. 22) for “Christmas market – Kihnu”");
    expect(erased.filter((p) => p.href).map((p) => p.href)).toEqual(["/admin/events/7"]);
    const gone = describe_("en", entry("event.create", { entity: "event", entityId: 99, details: {} }));
    expect(gone).toEqual([{ text: "Kristi Tamm created the event no. 99 (since deleted)" }]);
    const untitled = describe_("en", entry("event.outcome", { entity: "event", entityId: 8, details: {} }));
    expect(untitled).toContainEqual({ text: "no. 8", href: "/admin/events/8" });
    const actorErased = describe_("et", entry("invitation.withdraw", EXAMPLES["invitation.withdraw"][0]));
    expect(text(actorErased)).toBe("Kustutatud osaleja loobus osalemast üritusel „Christmas market – Kihnu“ (põhjendamata)");
  });

  it("fall back to a sentence in words for an action it does not know", () => {
    for (const locale of LOCALES) {
      const parts = describe_(locale, entry("login.throttled", { entity: "user", entityId: 2, details: { attempts: 5 } }));
      expectWords(text(parts), "login.throttled", locale);
      expect(text(parts)).toContain("Maria Mets");
      expect(text(parts)).toContain(T[locale]("adminpages.audit.entity.user"));
      expect(auditActionName("login.throttled", T[locale])).toBe(T[locale]("adminpages.audit.actionName.other"));
      expect(auditEntityName("login_attempt", T[locale])).toBe(T[locale]("adminpages.audit.entity.other"));
    }
    expect(text(describe_("en", entry("something.new", { entity: "thing", entityId: 1, details: {} })))).toBe(
      "Kristi Tamm did something this log cannot describe yet (Other record)",
    );
  });

  it("show names as they are written: no placeholder, link mark or nesting in them is acted on", () => {
    const names = { ...NAMES, events: { 7: "{{actor}} \uE0000\uE001 $t(adminpages.audit.what)" } };
    const parts = describe_("en", { ...entry("event.outcome", { entity: "event", entityId: 7, details: {} }), actorName: "<b>Kristi</b>" }, names);
    expect(parts).toEqual([{ text: "<b>Kristi</b> recorded the outcome of the forum " }, { text: "“{{actor}} 0 $t(adminpages.audit.what)”", href: "/admin/events/7" }]);
  });
});
