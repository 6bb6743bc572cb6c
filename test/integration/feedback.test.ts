import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { action as adminEventAction, loader as adminEventLoader } from "~/routes/admin.events.$id";
import { action as feedbackAction, loader as feedbackLoader } from "~/routes/_public.events.$id_.feedback";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { formRequest, getRequest, settle } from "../helpers/requests";

const NOW = "2026-11-23T10:00:00.000Z";
let test: TestDatabase;
let pastId: number;
let futureId: number;
let ip = 0;

beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase({ demo: true, now: new Date(NOW) });
  pastId = (await test.db.selectFrom("event").select("id").where("state", "=", "completed").where("is_public", "=", 1).orderBy("starts_at", "desc").executeTakeFirstOrThrow()).id;
  futureId = (await test.db.selectFrom("event").select("id").where("state", "=", "planned").where("starts_at", ">", NOW).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

const send = (id: number, fields: Record<string, string>) =>
  settle(() => feedbackAction({ request: formRequest(`/events/${id}/feedback`, fields), params: { id: String(id) }, context: { clientIp: `192.0.2.${++ip}` } }));

describe("anonymous feedback", () => {
  it("is stored for an event that has happened, without any link to a person", async () => {
    const response = await send(pastId, { rating: "4", text: "Väga tore, aga liiga vähe toolе." });
    expect(response.status).toBe(302);
    const stored = await test.db.selectFrom("feedback").selectAll().where("event_id", "=", pastId).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ author_kind: "local", participant_id: null, rating: 4, text: "Väga tore, aga liiga vähe toolе." });
  });

  it("is not open before the event, for unknown events, or for drafts", async () => {
    for (const id of [futureId, 999_999]) {
      expect((await settle(() => feedbackLoader({ request: getRequest(`/events/${id}/feedback`), params: { id: String(id) }, context: {} }))).status).toBe(404);
    }
  });

  it("refuses an empty or out-of-range answer and stores nothing", async () => {
    const before = await rowCounts(test.db);
    expect((await (await send(pastId, {})).json()).errors).toEqual({ text: "validation.feedbackEmpty" });
    expect((await (await send(pastId, { rating: "7" })).json()).errors).toEqual({ rating: "validation.choose" });
    expect((await (await send(pastId, { text: "x".repeat(3001) })).json()).errors).toEqual({ text: "validation.tooLong?max=3000" });
    expect((await send(pastId, { rating: "5", website: "spam" })).status).toBe(302);
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("gets a coordinator's 'what we did', shown on the event's admin page", async () => {
    const { cookie } = await loginAsNewCoordinator();
    const feedback = await test.db.selectFrom("feedback").select("id").where("event_id", "=", pastId).orderBy("id", "desc").executeTakeFirstOrThrow();
    const response = await settle(() =>
      adminEventAction({
        request: formRequest(`/admin/events/${pastId}`, { intent: "respond", feedbackId: String(feedback.id), response: "Tõime juurde 20 tooli." }, { cookie }),
        params: { id: String(pastId) },
        context: {},
      }),
    );
    expect(response.status).toBe(200);
    const page = await (await settle(() => adminEventLoader({ request: getRequest(`/admin/events/${pastId}`, { cookie }), params: { id: String(pastId) }, context: {} }))).json();
    expect(page.feedback.find((f: { id: number }) => f.id === feedback.id).response).toBe("Tõime juurde 20 tooli.");
  });
});
