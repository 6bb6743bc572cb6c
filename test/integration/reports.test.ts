import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { loader as reportsLoader } from "~/routes/admin.reports";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { getRequest, settle } from "../helpers/requests";

const NOW = "2026-11-23T10:00:00.000Z";
let test: TestDatabase;
let cookie: string;

beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase({ demo: true, now: new Date(NOW) });
  ({ cookie } = await loginAsNewCoordinator());
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

describe("reports", () => {
  it("count the season so far from the database, without naming anyone", async () => {
    const response = await settle(() => reportsLoader({ request: getRequest("/admin/reports", { cookie }), params: {}, context: {} }));
    const data = await response.json();
    expect(data.from).toBe("2026-09-01");
    const completed = await test.db.selectFrom("event").select("id").where("state", "=", "completed").where("starts_at", ">=", "2026-08-31T21:00:00.000Z").execute();
    expect(data.byState.completed).toBe(completed.length);
    const attended = await test.db.selectFrom("assignment").select("participant_id").where("status", "=", "attended").execute();
    expect(data.travel.travellers).toBe(new Set(attended.map((a) => a.participant_id)).size);
    expect(data.travel.countries).toBeGreaterThan(3);
    expect(data.forums.map((f: { outcome_done: string }) => Boolean(f.outcome_done))).toContain(true);
    // Only numbers about people: no names, contacts or origins leave the page.
    const body = JSON.stringify(data);
    const olena = await test.db.selectFrom("participant").select(["last_name", "email"]).where("first_name", "=", "Olena").executeTakeFirstOrThrow();
    expect(body).not.toContain(olena.last_name!);
    expect(body).not.toContain(olena.email!);
  });

  it("narrow to a period and ignore a nonsense one", async () => {
    const narrow = await (await settle(() => reportsLoader({ request: getRequest("/admin/reports?from=2026-10-01&to=2026-10-31", { cookie }), params: {}, context: {} }))).json();
    const wide = await (await settle(() => reportsLoader({ request: getRequest("/admin/reports?from=2026-09-01&to=2026-11-23", { cookie }), params: {}, context: {} }))).json();
    expect(narrow.byState.completed).toBeLessThan(wide.byState.completed);
    const nonsense = await settle(() => reportsLoader({ request: getRequest("/admin/reports?from=2026-13-45&to=yesterday", { cookie }), params: {}, context: {} }));
    expect(nonsense.status).toBe(200);
  });
});
