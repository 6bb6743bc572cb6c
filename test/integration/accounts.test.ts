import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { action as accountAction } from "~/routes/admin.account";
import { loader as adminLoader } from "~/routes/admin";
import { loader as auditLoader } from "~/routes/admin.audit";
import { action as usersAction, loader as usersLoader } from "~/routes/admin.users";
import { action as loginAction } from "~/routes/_public.login";
import { passwordProblem } from "~/utils/password-policy";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { formRequest, getRequest, settle } from "../helpers/requests";

let test: TestDatabase;
let admin: { cookie: string; userId: number };
let coordinator: { cookie: string; userId: number };

beforeAll(async () => {
  test = await createTestDatabase();
  admin = await loginAsNewCoordinator("admin");
  coordinator = await loginAsNewCoordinator("coordinator");
});
afterAll(() => test.close());

const newUser = (fields: Record<string, string>, cookie = admin.cookie) =>
  settle(() =>
    usersAction({
      request: formRequest(
        "/admin/users",
        {
          intent: "create",
          name: "Maria Mets",
          email: "maria@example.org",
          role: "coordinator",
          password: "saare kohvik ja kaneelisai",
          passwordAgain: "saare kohvik ja kaneelisai",
          ...fields,
        },
        { cookie },
      ),
      params: {},
      context: {},
    }),
  );

describe("password policy", () => {
  it.each([
    ["short1234", "validation.passwordTooShort"],
    ["password2024!", "validation.passwordCommon"],
    ["passwordpassword", "validation.passwordCommon"],
    ["Password123456!", "validation.passwordCommon"],
    ["qwertyuiopas", "validation.passwordCommon"],
    ["aaaaaaaaaaaaaa", "validation.passwordCommon"],
  ])("refuses %s", (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it("refuses the e-mail name and accepts a long passphrase", () => {
    expect(passwordProblem("maria.mets-2026-x", { email: "maria.mets@example.org" })).toBe("validation.passwordPersonal");
    expect(passwordProblem("saare kohvik ja kaneelisai")).toBeNull();
  });
});

describe("coordinator accounts", () => {
  it("an admin creates a coordinator who can then log in; the action is audited", async () => {
    const response = await newUser({});
    expect(response.status).toBe(200);
    const login = await settle(() =>
      loginAction({ request: formRequest("/login", { email: "maria@example.org", password: "saare kohvik ja kaneelisai" }), params: {}, context: {} }),
    );
    expect(login.status).toBe(302);
    const log = await test.db.selectFrom("audit_log").select(["action", "actor_user_id"]).where("action", "=", "user.create").execute();
    expect(log).toEqual([{ action: "user.create", actor_user_id: admin.userId }]);
  });

  it("refuses a weak password, a mismatch and a taken e-mail, next to the field", async () => {
    const count = async () => (await test.db.selectFrom("user").select("id").execute()).length;
    const before = await count();
    expect((await (await newUser({ email: "x1@example.org", password: "qwerty123456", passwordAgain: "qwerty123456" })).json()).errors).toEqual({
      password: "validation.passwordCommon",
    });
    expect((await (await newUser({ email: "x2@example.org", passwordAgain: "something else entirely" })).json()).errors).toEqual({ passwordAgain: "validation.passwordMismatch" });
    expect((await (await newUser({})).json()).errors).toEqual({ email: "validation.emailTaken" });
    expect(await count()).toBe(before);
  });

  it("is for admins only: a coordinator gets 403", async () => {
    expect((await settle(() => usersLoader({ request: getRequest("/admin/users", { cookie: coordinator.cookie }), params: {}, context: {} }))).status).toBe(403);
    expect((await newUser({ email: "sneaky@example.org" }, coordinator.cookie)).status).toBe(403);
    expect((await settle(() => auditLoader({ request: getRequest("/admin/audit", { cookie: coordinator.cookie }), params: {}, context: {} }))).status).toBe(403);
  });

  it("disabling an account ends its sessions at once", async () => {
    const victim = await loginAsNewCoordinator("coordinator");
    const response = await settle(() =>
      usersAction({ request: formRequest("/admin/users", { intent: "toggle", userId: String(victim.userId), disabled: "1" }, { cookie: admin.cookie }), params: {}, context: {} }),
    );
    expect(response.status).toBe(200);
    const after = await settle(() => adminLoader({ request: getRequest("/admin", { cookie: victim.cookie }), params: {}, context: {} }));
    expect(after.status).toBe(302);
  });

  it("the audit log lists entries newest first for admins", async () => {
    const response = await settle(() => auditLoader({ request: getRequest("/admin/audit?entity=user", { cookie: admin.cookie }), params: {}, context: {} }));
    const data = await response.json();
    expect(data.entries.map((e: { action: string }) => e.action)).toEqual(["user.disable", "user.create"]);
  });
});

describe("own account", () => {
  it("changing the password needs the current one and logs out other devices", async () => {
    const me = await loginAsNewCoordinator("coordinator");
    const { email } = await test.db.selectFrom("user").select("email").where("id", "=", me.userId).executeTakeFirstOrThrow();
    const otherDevice = await settle(() => loginAction({ request: formRequest("/login", { email, password: "a long test password" }), params: {}, context: {} }));
    const otherCookie = otherDevice.headers.get("Set-Cookie")!.split(";")[0];
    const wrong = await settle(() =>
      accountAction({
        request: formRequest(
          "/admin/account",
          { intent: "password", current: "nope", password: "lumi sajab vaikselt maha", passwordAgain: "lumi sajab vaikselt maha" },
          { cookie: me.cookie },
        ),
        params: {},
        context: {},
      }),
    );
    expect((await wrong.json()).errors).toEqual({ current: "account.wrongPassword" });
    await new Promise((r) => setTimeout(r, 5));
    const right = await settle(() =>
      accountAction({
        request: formRequest(
          "/admin/account",
          { intent: "password", current: "a long test password", password: "lumi sajab vaikselt maha", passwordAgain: "lumi sajab vaikselt maha" },
          { cookie: me.cookie },
        ),
        params: {},
        context: {},
      }),
    );
    expect(right.status).toBe(200);
    const thisDevice = right.headers.get("Set-Cookie")!.split(";")[0];
    expect((await settle(() => adminLoader({ request: getRequest("/admin", { cookie: thisDevice }), params: {}, context: {} }))).status).toBe(200);
    expect((await settle(() => adminLoader({ request: getRequest("/admin", { cookie: otherCookie }), params: {}, context: {} }))).status).toBe(302);
  });
});
