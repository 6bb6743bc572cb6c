import { execFileSync } from "node:child_process";
import fs from "node:fs";

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { DEMO_TOKENS } from "#db/seed/demo";
import { ERASED_NAME, eraseParticipant, inactiveParticipants } from "~/models/erasure.server";
import { resolveToken } from "~/models/token.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { signUpFields } from "../helpers/forms";
import { useOutbox } from "../helpers/mail";

const NOW = "2026-11-23T10:00:00.000Z";
let test: TestDatabase;

beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase({ demo: true, now: new Date(NOW) });
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

describe("erasing a participant", () => {
  it("removes personal data, keeps anonymous history, withdraws future places and kills every link", async () => {
    const olena = (await resolveToken("participant", DEMO_TOKENS.participant))!;
    expect(olena).not.toBeNull();
    const id = olena.subjectId;
    const history = await test.db
      .selectFrom("assignment")
      .innerJoin("event", "event.id", "assignment.event_id")
      .select(["assignment.status", "event.starts_at"])
      .where("participant_id", "=", id)
      .execute();
    const past = history.filter((a) => a.starts_at < NOW && ["attended", "no_show"].includes(a.status)).length;

    expect(await eraseParticipant(id, { kind: "participant", participantId: id })).toBe(true);

    const row = await test.db.selectFrom("participant").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ first_name: ERASED_NAME, last_name: null, email: null, phone: null, home_town_id: null, country_of_origin: null, gender: null, dietary: null });
    expect(row.erased_at).toBe(NOW);
    for (const table of ["participant_language", "participant_offer", "participant_unavailable_date"] as const) {
      expect(await test.db.selectFrom(table).select("participant_id").where("participant_id", "=", id).execute()).toEqual([]);
    }
    const after = await test.db
      .selectFrom("assignment")
      .innerJoin("event", "event.id", "assignment.event_id")
      .select(["assignment.status", "event.starts_at"])
      .where("participant_id", "=", id)
      .execute();
    expect(after.filter((a) => a.starts_at < NOW && ["attended", "no_show"].includes(a.status))).toHaveLength(past);
    expect(after.filter((a) => a.starts_at > NOW && a.status !== "withdrawn")).toEqual([]);
    expect(await resolveToken("participant", DEMO_TOKENS.participant)).toBeNull();
    const log = await test.db.selectFrom("audit_log").select(["action", "actor_kind"]).where("entity", "=", "participant").where("entity_id", "=", id).execute();
    expect(log).toEqual([{ action: "participant.erase", actor_kind: "participant" }]);
  });

  it("says false for someone who does not exist", async () => {
    expect(await eraseParticipant(999_999, { kind: "system" })).toBe(false);
  });
});

describe("retention", () => {
  it("finds only participants inactive for the period with nothing recent or upcoming", async () => {
    const at = "2024-01-01T00:00:00.000Z";
    const idle = await test.db
      .insertInto("participant")
      .values({ first_name: "Idle", consent_at: at, consent_version: "1", created_at: at, updated_at: at, last_active_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    const found = await inactiveParticipants(24);
    expect(found.map((p) => p.id)).toEqual([idle.id]);
    expect(await inactiveParticipants(36)).toEqual([]);
  });

  it("lists first, changes nothing on --dry-run, and erases without it", async () => {
    const env = { ...process.env, ...test.env, TUTTAV_NOW: NOW };
    const dry = execFileSync("npx", ["tsx", "scripts/retention.ts", "--months", "24", "--dry-run"], { env, encoding: "utf8" });
    expect(dry).toMatch(/1 participant\(s\) inactive for more than 24 months/);
    expect(dry).toMatch(/Dry run: nothing was changed/);
    const idle = await test.db.selectFrom("participant").select(["erased_at"]).where("first_name", "=", "Idle").executeTakeFirstOrThrow();
    expect(idle.erased_at).toBeNull();
    const real = execFileSync("npx", ["tsx", "scripts/retention.ts", "--months", "24"], { env, encoding: "utf8" });
    expect(real).toMatch(/Erased 1 participant\(s\)/);
    const erased = await test.db
      .selectFrom("participant")
      .select(["erased_at", "first_name"])
      .where("erased_at", "is not", null)
      .where("last_active_at", "=", "2024-01-01T00:00:00.000Z")
      .executeTakeFirstOrThrow();
    expect(erased.first_name).toBe(ERASED_NAME);
  });
});

describe("erasing through the pages", () => {
  it("a participant erases themselves from their link, which then stops working", async () => {
    const { issueToken } = await import("~/models/token.server");
    const { action: meAction, loader: meLoader } = await import("~/routes/_public.me.$token");
    const { formRequest, getRequest, settle } = await import("../helpers/requests");
    const person = await test.db.selectFrom("participant").select("id").where("erased_at", "is", null).where("first_name", "=", "Ahmad").executeTakeFirstOrThrow();
    const token = await issueToken(test.db, "participant", person.id);
    const refused = await settle(() => meAction({ request: formRequest(`/me/${token}`, { intent: "erase" }), params: { token }, context: {} }));
    expect(refused.status).toBe(400);
    expect((await test.db.selectFrom("participant").select("erased_at").where("id", "=", person.id).executeTakeFirstOrThrow()).erased_at).toBeNull();
    const done = await settle(() => meAction({ request: formRequest(`/me/${token}`, { intent: "erase", confirm: "yes" }), params: { token }, context: {} }));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/erased");
    expect((await settle(() => meLoader({ request: getRequest(`/me/${token}`), params: { token }, context: {} }))).status).toBe(404);
  });
});

describe("erasure leaves nothing that names the person", () => {
  const outbox = useOutbox();
  const NAME = "Zlatoslava";
  const EMAIL = "zlatoslava.q@example.org";
  const PHONE = "+372 5999 1234";
  const STREET = "Kastani tänav 17";
  const REASON = `Please call me on ${PHONE} instead, I moved to ${STREET}`;

  it("scrubs the database file, the audit log and the outbox of their name, e-mail, phone and words", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const { action: joinAction } = await import("~/routes/_public.join");
    const { action: lostAction } = await import("~/routes/_public.me.lost");
    const { action: meAction } = await import("~/routes/_public.me.$token");
    const { formRequest, settle } = await import("../helpers/requests");
    const me = (token: string, fields: Record<string, string>) => settle(() => meAction({ request: formRequest(`/me/${token}`, fields), params: { token }, context: {} }));

    // Signs up (a welcome mail), loses the link (a second mail), pauses, declines with a reason.
    const joined = await settle(() =>
      joinAction({
        request: formRequest("/join", signUpFields({ first_name: NAME, last_name: "Qorbanova", email: EMAIL, phone: PHONE, dietary: `No nuts (${NAME})` })),
        params: {},
        context: { clientIp: "192.0.2.201" },
      }),
    );
    expect(joined.status).toBe(302);
    expect((await settle(() => lostAction({ request: formRequest("/me/lost", { email: EMAIL }), params: {}, context: { clientIp: "192.0.2.202" } }))).status).toBe(200);
    const mails = await outbox.messages();
    expect(mails.map((m) => m.to)).toEqual([EMAIL, EMAIL]);
    const token = /\/me\/([A-Za-z0-9_-]{43})/.exec(mails[1].text)![1];
    const person = await test.db.selectFrom("participant").select("id").where("email", "=", EMAIL).executeTakeFirstOrThrow();
    expect((await me(token, { intent: "pause", paused_until: "2027-01-15" })).status).toBe(302);

    const at = NOW;
    const upcoming = await test.db
      .selectFrom("event")
      .select("id")
      .where("starts_at", ">", NOW)
      .where("state", "in", ["planned", "confirmed"])
      .orderBy("starts_at")
      .executeTakeFirstOrThrow();
    const past = await test.db
      .selectFrom("event")
      .select("id")
      .where("starts_at", "<", NOW)
      .where("state", "=", "completed")
      .orderBy("starts_at", "desc")
      .executeTakeFirstOrThrow();
    const invitation = await test.db
      .insertInto("assignment")
      .values({ event_id: upcoming.id, participant_id: person.id, status: "invited", invited_at: at, created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await me(token, { intent: "decline", assignment_id: String(invitation.id), reason: REASON })).status).toBe(302);
    // Something they went to before, with a travel claim and feedback in their own words.
    const attended = await test.db
      .insertInto("assignment")
      .values({ event_id: past.id, participant_id: person.id, status: "attended", travel_minutes: 45, created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await test.db
      .insertInto("travel_claim")
      .values({ assignment_id: attended.id, amount_cents: 1250, description: `Bus from ${STREET}`, created_at: at })
      .execute();
    await test.db
      .insertInto("feedback")
      .values({ event_id: past.id, author_kind: "participant", participant_id: person.id, rating: 5, text: `${NAME} here: call ${PHONE}`, created_at: at })
      .execute();

    // The audit log says what happened, not what they wrote.
    const details = (await test.db.selectFrom("audit_log").select("details").where("action", "in", ["invitation.decline", "participant.pause"]).execute())
      .map((r) => r.details)
      .join("\n");
    expect(details).not.toContain(PHONE);
    expect(details).not.toContain("2027-01-15");

    expect((await me(token, { intent: "erase", confirm: "yes" })).status).toBe(302);

    // Rows about them stay (what happened, when), without what described them.
    const decline = await test.db
      .selectFrom("audit_log")
      .select(["details"])
      .where("action", "=", "invitation.decline")
      .where("entity_id", "=", invitation.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(decline.details)).toMatchObject({ eventId: upcoming.id });
    expect(
      (
        await test.db
          .selectFrom("feedback")
          .select(["rating", "text"])
          .where("event_id", "=", past.id)
          .where("author_kind", "=", "participant")
          .where("rating", "=", 5)
          .where("participant_id", "is", null)
          .execute()
      ).some((f) => f.text === null),
    ).toBe(true);

    // SQLite's file (secure_delete zeroes freed space); PostgreSQL's pages are not read here.
    if (test.dialect === "sqlite") {
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(test.db);
      const files = [test.file, `${test.file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
      for (const needle of [NAME, EMAIL, PHONE, STREET, "Qorbanova"]) {
        expect(
          files.filter((bytes) => bytes.includes(Buffer.from(needle, "utf8"))),
          `${needle} in the database file`,
        ).toEqual([]);
      }
    }
    const lines = (await outbox.lines()).join("\n");
    for (const needle of [NAME, EMAIL, token]) expect(lines, `${needle} in the outbox`).not.toContain(needle);
  });
});
