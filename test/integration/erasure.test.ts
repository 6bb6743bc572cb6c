import { execFileSync } from "node:child_process";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO_TOKENS } from "#db/seed/demo";
import { ERASED_NAME, eraseParticipant, inactiveParticipants } from "~/models/erasure.server";
import { resolveToken } from "~/models/token.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";

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
    const history = await test.db.selectFrom("assignment").innerJoin("event", "event.id", "assignment.event_id").select(["assignment.status", "event.starts_at"]).where("participant_id", "=", id).execute();
    const past = history.filter((a) => a.starts_at < NOW && ["attended", "no_show"].includes(a.status)).length;

    expect(await eraseParticipant(id, { kind: "participant", participantId: id })).toBe(true);

    const row = await test.db.selectFrom("participant").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ first_name: ERASED_NAME, last_name: null, email: null, phone: null, home_town_id: null, country_of_origin: null, gender: null, dietary: null });
    expect(row.erased_at).toBe(NOW);
    for (const table of ["participant_language", "participant_offer", "participant_unavailable_date"] as const) {
      expect(await test.db.selectFrom(table).select("participant_id").where("participant_id", "=", id).execute()).toEqual([]);
    }
    const after = await test.db.selectFrom("assignment").innerJoin("event", "event.id", "assignment.event_id").select(["assignment.status", "event.starts_at"]).where("participant_id", "=", id).execute();
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
    const env = { ...process.env, DATABASE_PATH: test.file, TUTTAV_NOW: NOW };
    const dry = execFileSync("npx", ["tsx", "scripts/retention.ts", "--months", "24", "--dry-run"], { env, encoding: "utf8" });
    expect(dry).toMatch(/1 participant\(s\) inactive for more than 24 months/);
    expect(dry).toMatch(/Dry run: nothing was changed/);
    const idle = await test.db.selectFrom("participant").select(["erased_at"]).where("first_name", "=", "Idle").executeTakeFirstOrThrow();
    expect(idle.erased_at).toBeNull();
    const real = execFileSync("npx", ["tsx", "scripts/retention.ts", "--months", "24"], { env, encoding: "utf8" });
    expect(real).toMatch(/Erased 1 participant\(s\)/);
    const erased = await test.db.selectFrom("participant").select(["erased_at", "first_name"]).where("erased_at", "is not", null).where("last_active_at", "=", "2024-01-01T00:00:00.000Z").executeTakeFirstOrThrow();
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
