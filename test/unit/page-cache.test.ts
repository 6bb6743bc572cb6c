/** Which requests and answers the public page cache may hold, its key, its encodings and its CSP. */
import { createHash } from "node:crypto";

import { afterEach, describe, expect, it } from "vitest";

import { contentSecurityPolicy, inlineScriptHashes } from "~/utils/contentSecurityPolicy.server";
import { isDemo, isProduction } from "~/utils/env.server";
import { isCacheableRequest, isCacheableResponse, pageKey, preferredEncoding, withoutNonce } from "~/utils/pageCache.server";

const request = (url: string, options: { method?: string; cookie?: string | null } = {}) => ({
  method: options.method ?? "GET",
  url: `http://localhost:3000${url}`,
  cookie: options.cookie ?? null,
});

describe("isCacheableRequest", () => {
  it("takes anonymous GETs of the public pages, with any query", () => {
    for (const url of [
      "/",
      "/events",
      "/events?region=EE-74&lng=ru",
      "/events?month=2027-03&kind=forum",
      "/events/12",
      "/venues/3",
      "/join",
      "/join?sent=1",
      "/login",
      "/login?redirectTo=%2Fadmin%2Fevents",
    ]) {
      expect(isCacheableRequest(request(url)), url).toBe(true);
    }
    expect(isCacheableRequest(request("/events", { cookie: "lng=InJ1Ig%3D%3D" }))).toBe(true);
  });

  it("refuses any other cookie, method, path, or a loader-data request", () => {
    expect(isCacheableRequest(request("/", { cookie: "__session=abc" }))).toBe(false);
    expect(isCacheableRequest(request("/", { cookie: "lng=x; __session=abc" }))).toBe(false);
    expect(isCacheableRequest(request("/events", { cookie: "anything=1" }))).toBe(false);
    expect(isCacheableRequest(request("/", { method: "POST" }))).toBe(false);
    expect(isCacheableRequest(request("/", { method: "HEAD" }))).toBe(false);
    expect(isCacheableRequest(request("/events?_data=routes%2F_public.events._index"))).toBe(false);
    // The login form of a browser that logged in before (its "known device" cookie), or is logged in.
    expect(isCacheableRequest(request("/login", { cookie: "__known=abc" }))).toBe(false);
    expect(isCacheableRequest(request("/login", { cookie: "lng=InJ1Ig%3D%3D; __session=abc" }))).toBe(false);
    expect(isCacheableRequest(request("/join", { method: "POST" }))).toBe(false);
    expect(isCacheableRequest(request("/login", { method: "POST" }))).toBe(false);
    for (const url of [
      "/join/x",
      "/login/x",
      "/me/abc",
      "/me/lost",
      "/request/status/abc",
      "/admin/events",
      "/events/12/feedback",
      "/events/x",
      "/venues/3/edit",
      "/feeds/events.ics",
    ]) {
      expect(isCacheableRequest(request(url)), url).toBe(false);
    }
  });
});

describe("pageKey", () => {
  it("is the language and the exact path and query", () => {
    expect(pageKey("http://localhost:3000/events?region=EE-74", "ru")).toBe("ru /events?region=EE-74");
    expect(pageKey("http://localhost:3000/events?region=EE-74", "et")).not.toBe(pageKey("http://localhost:3000/events?region=EE-74", "ru"));
    expect(pageKey("http://localhost:3000/events?a=1&b=2", "et")).not.toBe(pageKey("http://localhost:3000/events?b=2&a=1", "et"));
  });
});

describe("isCacheableResponse", () => {
  const html = (status = 200, extra: [string, string][] = []) => ({ status, headers: new Headers([["Content-Type", "text/html; charset=utf-8"], ...extra]) });
  it("takes a 200 HTML page without cookies, or with exactly the language cookie of the request", () => {
    expect(isCacheableResponse(html(), null)).toBe(true);
    expect(isCacheableResponse(html(200, [["Set-Cookie", "lng=abc; Path=/"]]), "lng=abc; Path=/")).toBe(true);
  });
  it("refuses other statuses, other types, no-store and any other cookie", () => {
    expect(isCacheableResponse(html(404), null)).toBe(false);
    expect(isCacheableResponse(html(500), null)).toBe(false);
    expect(isCacheableResponse({ status: 200, headers: new Headers({ "Content-Type": "application/json" }) }, null)).toBe(false);
    expect(isCacheableResponse(html(200, [["Cache-Control", "no-store"]]), null)).toBe(false);
    expect(isCacheableResponse(html(200, [["Set-Cookie", "__session=x; Path=/"]]), null)).toBe(false);
    expect(
      isCacheableResponse(
        html(200, [
          ["Set-Cookie", "lng=abc; Path=/"],
          ["Set-Cookie", "__session=x"],
        ]),
        "lng=abc; Path=/",
      ),
    ).toBe(false);
  });
});

describe("a stored page carries no nonce", () => {
  it("takes out every nonce attribute the page was rendered with", () => {
    expect(withoutNonce('<link rel="modulepreload" nonce="N0nce+/="/><script nonce="N0nce+/=">a</script><script nonce="N0nce+/=" type="module">b</script>', "N0nce+/=")).toBe(
      '<link rel="modulepreload"/><script>a</script><script type="module">b</script>',
    );
    expect(withoutNonce("<p>no scripts</p>", undefined)).toBe("<p>no scripts</p>");
  });
  it("refuses a page where the nonce appears anywhere else (it would be stored for everyone)", () => {
    expect(withoutNonce('<script nonce="N0nce">var n = "N0nce";</script>', "N0nce")).toBeNull();
  });
});

describe("inline script hashes", () => {
  const sha = (text: string) => `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
  it("hash each inline script's text exactly, once, and skip scripts loaded from a file", () => {
    const html = '<script>window.a = "ä";</script><script type="module">import "/build/x.js";\n</script><script src="/build/y.js"></script><script>window.a = "ä";</script>';
    expect(inlineScriptHashes(html)).toEqual([sha('window.a = "ä";'), sha('import "/build/x.js";\n')]);
  });
  it("go into the same policy a nonce does, in place of the nonce", () => {
    const byNonce = contentSecurityPolicy({ nonce: "abc" });
    const byHash = contentSecurityPolicy({ hashes: ["sha256-AAA=", "sha256-BBB="] });
    expect(byNonce).toContain("script-src 'self' 'nonce-abc';");
    expect(byHash).toContain("script-src 'self' 'sha256-AAA=' 'sha256-BBB=';");
    expect(byHash.replace(/script-src[^;]*/, "")).toBe(byNonce.replace(/script-src[^;]*/, ""));
    expect(byHash).not.toMatch(/unsafe|\*/);
  });
});

describe("preferredEncoding", () => {
  it("picks brotli, then gzip, then none, honouring q-values", () => {
    expect(preferredEncoding("gzip, deflate, br")).toBe("br");
    expect(preferredEncoding("gzip")).toBe("gzip");
    expect(preferredEncoding("gzip;q=1.0, br;q=0.5")).toBe("gzip");
    expect(preferredEncoding("br;q=0, gzip")).toBe("gzip");
    expect(preferredEncoding("*")).toBe("br");
    expect(preferredEncoding("*;q=0, identity")).toBe("identity");
    expect(preferredEncoding("deflate")).toBe("identity");
    expect(preferredEncoding("")).toBe("identity");
    expect(preferredEncoding(null)).toBe("identity");
  });
});

describe("isProduction", () => {
  const saved = { nodeEnv: process.env.NODE_ENV, demo: process.env.TUTTAV_DEMO };
  afterEach(() => {
    process.env.NODE_ENV = saved.nodeEnv;
    if (saved.demo === undefined) delete process.env.TUTTAV_DEMO;
    else process.env.TUTTAV_DEMO = saved.demo;
  });
  it("is a real deployment only with NODE_ENV=production and without TUTTAV_DEMO=1", () => {
    process.env.NODE_ENV = "production";
    delete process.env.TUTTAV_DEMO;
    expect([isProduction(), isDemo()]).toEqual([true, false]);
    process.env.TUTTAV_DEMO = "1";
    expect([isProduction(), isDemo()]).toEqual([false, true]);
    process.env.NODE_ENV = "test";
    expect(isProduction()).toBe(false);
    delete process.env.TUTTAV_DEMO;
    expect(isProduction()).toBe(false);
  });
});
