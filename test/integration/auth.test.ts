import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createUser, logoutEverywhere } from "~/models/user.server";
import { action as loginAction } from "~/routes/_public.login";
import { loader as adminLoader } from "~/routes/admin";
import { safeRedirect } from "~/models/auth.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { cookieFrom, formRequest, getRequest, settle } from "../helpers/requests";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
  await createUser({ email: "Coordinator@Example.org", name: "Kai", password: "correct horse battery", role: "coordinator" });
});
afterAll(() => test.close());

const login = (email: string, password: string, redirectTo = "/admin") =>
  settle(() => loginAction({ request: formRequest("/login", { email, password, redirectTo }), params: {}, context: {} }));

describe("coordinator login", () => {
  it("with the right password starts a session that opens the coordinator pages", async () => {
    const response = await login("coordinator@example.org", "correct horse battery");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin");
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const admin = await settle(() => adminLoader({ request: getRequest("/admin", { cookie: cookieFrom(response) }), params: {}, context: {} }));
    expect(admin.status).toBe(200);
    expect((await admin.json()).user.name).toBe("Kai");
  });

  it("with a wrong password or unknown e-mail gives the same message and no session", async () => {
    for (const [email, password] of [
      ["coordinator@example.org", "wrong"],
      ["nobody@example.org", "correct horse battery"],
    ]) {
      const response = await login(email, password);
      expect(response.status).toBe(400);
      expect(response.headers.get("Set-Cookie")).toBeNull();
      expect(await response.json()).toEqual({ errors: {}, formError: "login.invalid", count: null });
    }
  });

  it("with empty fields says which field is missing", async () => {
    const response = await login("", "");
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual({ email: "validation.required", password: "validation.required" });
  });

  it("never redirects to another site", async () => {
    const response = await login("coordinator@example.org", "correct horse battery", "//evil.example/phish");
    expect(response.headers.get("Location")).toBe("/admin");
    expect(safeRedirect("https://evil.example")).toBe("/admin");
    expect(safeRedirect("/admin/events?x=1")).toBe("/admin/events?x=1");
    expect(safeRedirect("/admin/events?x=1#top")).toBe("/admin/events?x=1#top");
  });

  it("after login, follows redirectTo only to a path of this site, whatever characters browsers strip", async () => {
    // A tab (the login page's hidden field holds `redirectTo=/%09/…` decoded) or a newline in the
    // path: browsers drop them, so "/\t/attacker.example" becomes "//attacker.example", another site.
    for (const redirectTo of ["/\t/attacker.example", "/\n/attacker.example", "/\r\n/attacker.example", "/.//attacker.example", "/\\attacker.example"]) {
      const response = await login("coordinator@example.org", "correct horse battery", redirectTo);
      expect(response.status, JSON.stringify(redirectTo)).toBe(302);
      expect(response.headers.get("Location"), JSON.stringify(redirectTo)).toBe("/admin");
    }
    const kept = await login("coordinator@example.org", "correct horse battery", "/admin/events?view=month");
    expect(kept.headers.get("Location")).toBe("/admin/events?view=month");
  });

  it("safeRedirect gives only same-origin paths, as a browser would resolve them", () => {
    const origin = "https://tuttav.example";
    const tricky = [
      "/\t/attacker.example",
      "/%09/attacker.example",
      "/\n/attacker.example",
      "/%0a/attacker.example",
      "/\r\n/x",
      "/\u0000/x",
      "//attacker.example",
      "///attacker.example",
      "/\\attacker.example",
      "\\\\attacker.example",
      " //attacker.example",
      "\t//attacker.example",
      "/.//attacker.example",
      "/..//attacker.example",
      "/./../..//attacker.example",
      "/%2F/attacker.example",
      "/%5C/attacker.example",
      "https://attacker.example",
      "https:attacker.example",
      "javascript:alert(1)",
      "/admin@attacker.example",
      "/admin/events?next=//attacker.example",
      "",
      "admin",
      "/",
      "/admin#//attacker.example",
    ];
    for (const value of tricky) {
      const result = safeRedirect(value);
      // What a browser does with the Location header: resolve it against the page's URL.
      const resolved = new URL(result, `${origin}/login`);
      expect(resolved.origin, JSON.stringify(value)).toBe(origin);
      expect(result, JSON.stringify(value)).toMatch(/^\/(?![/\\])/);
      expect(result, JSON.stringify(value)).not.toMatch(/[\u0000-\u0020\\\u007f]/);
    }
    expect(safeRedirect("/\t/attacker.example")).toBe("/admin");
    expect(safeRedirect(null, "/")).toBe("/");
  });

  it("sends visitors without a session to the login page, and ends sessions on logout everywhere", async () => {
    const anonymous = await settle(() => adminLoader({ request: getRequest("/admin/events"), params: {}, context: {} }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fevents");
    const english = await settle(() => adminLoader({ request: getRequest("/admin?lng=en"), params: {}, context: {} }));
    expect(english.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%3Flng%3Den&lng=en");

    const response = await login("coordinator@example.org", "correct horse battery");
    const cookie = cookieFrom(response);
    const user = await test.db.selectFrom("user").select("id").executeTakeFirstOrThrow();
    await new Promise((r) => setTimeout(r, 5));
    await logoutEverywhere(user.id);
    const after = await settle(() => adminLoader({ request: getRequest("/admin", { cookie }), params: {}, context: {} }));
    expect(after.status).toBe(302);
  });
});

describe("login rate limit", () => {
  it("after 5 failures makes the next attempt on the account wait, even with the right password, and says so", async () => {
    // A browser that never logged in to the account; see login-throttle.test.ts for the rest of the rule.
    await createUser({ email: "limited@example.org", name: "Limited", password: "correct horse battery", role: "coordinator" });
    const attempt = (password: string, ip: string) =>
      settle(() => loginAction({ request: formRequest("/login", { email: "limited@example.org", password }), params: {}, context: { clientIp: ip } }));
    process.env.TUTTAV_NOW = "2026-03-02T08:00:00.000Z";
    try {
      for (let i = 0; i < 5; i++) expect((await attempt("wrong", `10.0.0.${i}`)).status).toBe(400);
      const blocked = await attempt("correct horse battery", "10.0.1.1");
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get("Retry-After"))).toBe(1);
      expect(await blocked.json()).toMatchObject({ formError: "loginWait.seconds", count: 1 });
      expect(blocked.headers.get("Set-Cookie")).toBeNull();
    } finally {
      delete process.env.TUTTAV_NOW;
    }
  });

  it("pauses an address after 10 failures across accounts", async () => {
    const attempt = (email: string) => settle(() => loginAction({ request: formRequest("/login", { email, password: "wrong" }), params: {}, context: { clientIp: "192.0.2.7" } }));
    for (let i = 0; i < 10; i++) expect((await attempt(`nobody${i}@example.org`)).status).toBe(400);
    expect((await attempt("coordinator@example.org")).status).toBe(429);
  });
});
