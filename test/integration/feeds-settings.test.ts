import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { action, loader } from "~/routes/admin.settings";
import { loader as coordinatorLoader } from "~/routes/feeds.coordinator.$token[.]ics";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { getFeed } from "../helpers/feeds";
import { formRequest, getRequest, settle } from "../helpers/requests";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.close());

const post = (cookie: string, fields: Record<string, string>) => settle(() => action({ request: formRequest("/admin/settings", fields, { cookie }), params: {}, context: {} }));
const page = async (cookie: string) => (await settle(() => loader({ request: getRequest("/admin/settings", { cookie }), params: {}, context: {} }))).json();
const feed = (token: string) => getFeed(coordinatorLoader, `/feeds/coordinator/${token}.ics`, { token });

describe("coordinator feed settings", () => {
  it("sends visitors without a session to the login page", async () => {
    const response = await settle(() => loader({ request: getRequest("/admin/settings"), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
  });

  it("creates a feed link shown once, lists it by date, and revokes it so the feed answers 404", async () => {
    const { cookie, userId } = await loginAsNewCoordinator();
    const created = await post(cookie, { intent: "create" });
    expect(created.status).toBe(200);
    expect(created.headers.get("Cache-Control")).toBe("no-store");
    const { created: path } = await created.json();
    const token = path.match(/^\/feeds\/coordinator\/([A-Za-z0-9_-]{43})\.ics$/)[1];
    // Only the hash is stored.
    const stored = await test.db.selectFrom("access_token").selectAll().where("purpose", "=", "coordinator_feed").where("subject_id", "=", userId).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const listed = await page(cookie);
    expect(listed.tokens).toEqual([{ id: stored.id, createdAt: stored.created_at, lastUsedAt: null }]);
    expect(JSON.stringify(listed)).not.toContain(token);

    expect((await feed(token)).status).toBe(200);
    expect((await page(cookie)).tokens[0].lastUsedAt).not.toBeNull();

    // Another coordinator cannot revoke it.
    const other = await loginAsNewCoordinator();
    expect((await post(other.cookie, { intent: "revoke", token_id: String(stored.id) })).status).toBe(404);
    expect((await feed(token)).status).toBe(200);

    const revoked = await post(cookie, { intent: "revoke", token_id: String(stored.id) });
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).revoked).toBe(true);
    expect((await feed(token)).status).toBe(404);
    expect((await page(cookie)).tokens).toEqual([]);

    const actions = await test.db.selectFrom("audit_log").select(["action", "actor_user_id", "entity_id"]).where("entity", "=", "access_token").orderBy("id").execute();
    expect(actions).toEqual([
      { action: "feed_token.create", actor_user_id: userId, entity_id: stored.id },
      { action: "feed_token.revoke", actor_user_id: userId, entity_id: stored.id },
    ]);
  });

  it("refuses a malformed revoke with 400 and changes nothing", async () => {
    const { cookie } = await loginAsNewCoordinator();
    const before = await rowCounts(test.db);
    for (const token_id of ["", "abc", "-3"]) {
      const response = await post(cookie, { intent: "revoke", token_id });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toBe("validation.invalid");
    }
    expect(await rowCounts(test.db)).toEqual(before);
  });
});
