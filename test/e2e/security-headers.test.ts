import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { DEMO_LOGIN, DEMO_TOKENS } from "#db/seed/demo";

import { baseURL, launchBrowser, newPage, openServedDatabase } from "./browser";

/** Over HTTP against the built server: what every response carries, whatever it is. */

function servedIds() {
  const db = openServedDatabase();
  try {
    const event = db.prepare("SELECT id FROM event WHERE is_public = 1 AND state IN ('planned','confirmed') ORDER BY starts_at DESC LIMIT 1").get() as { id: number };
    const venue = db.prepare("SELECT id FROM venue LIMIT 1").get() as { id: number };
    return { eventId: event.id, venueId: venue.id };
  } finally {
    db.close();
  }
}

async function login(): Promise<Response> {
  return fetch(`${baseURL()}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, redirectTo: "/admin" }),
  });
}

function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** The CSP as a map of directive → sources. */
function csp(response: Response): Map<string, string[]> {
  const header = response.headers.get("Content-Security-Policy") ?? "";
  return new Map(
    header
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

function expectSecurityHeaders(label: string, response: Response) {
  const policy = csp(response);
  expect(policy.get("default-src"), label).toEqual(["'self'"]);
  expect(policy.get("frame-ancestors"), label).toEqual(["'none'"]);
  expect(policy.get("object-src"), label).toEqual(["'none'"]);
  expect(policy.get("base-uri"), label).toEqual(["'none'"]);
  const scripts = policy.get("script-src") ?? [];
  expect(scripts, label).toContain("'self'");
  // Inline scripts by this response's nonce, or (a stored public page, the same for everyone) by their hashes.
  const nonces = scripts.filter((s) => s.startsWith("'nonce-"));
  const hashes = scripts.filter((s) => s.startsWith("'sha256-"));
  if (hashes.length) expect(nonces, label).toHaveLength(0);
  else expect(nonces, label).toHaveLength(1);
  // No third-party origin, wildcard or unsafe keyword anywhere.
  for (const [directive, sources] of policy) {
    for (const source of sources) {
      const allowed =
        ["'self'", "'none'", "data:"].includes(source) ||
        (directive === "script-src" && (/^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(source) || /^'sha256-[A-Za-z0-9+/]{43}='$/.test(source)));
      expect(allowed, `${label}: ${directive} ${source}`).toBe(true);
    }
  }
  expect(response.headers.get("X-Content-Type-Options"), label).toBe("nosniff");
  expect(response.headers.get("Referrer-Policy"), label).toBe("same-origin");
  expect(response.headers.get("X-Frame-Options"), label).toBe("DENY");
  const permissions = response.headers.get("Permissions-Policy") ?? "";
  for (const feature of ["camera", "microphone", "geolocation"]) expect(permissions, label).toContain(`${feature}=()`);
  expect(response.headers.get("X-Powered-By"), label).toBeNull();
}

describe("security headers", () => {
  it("are on every kind of response: pages, private links, feeds, files, errors, redirects, form answers", async () => {
    const { eventId, venueId } = servedIds();
    const session = cookieHeader(await login());
    const gets: [string, string, number][] = [
      ["home", "/", 200],
      ["events", "/events?region=EE-74", 200],
      ["event", `/events/${eventId}`, 200],
      ["venue", `/venues/${venueId}`, 200],
      ["request form", "/request", 200],
      ["sign-up", "/join", 200],
      ["participant link", `/me/${DEMO_TOKENS.participant}`, 200],
      ["my data", `/me/${DEMO_TOKENS.participant}/data.json`, 200],
      ["host link", `/request/status/${DEMO_TOKENS.host}`, 200],
      ["public feed", "/feeds/events.ics", 200],
      ["event download", `/events/${eventId}/calendar.ics`, 200],
      ["participant feed", `/feeds/me/${DEMO_TOKENS.participant}.ics`, 200],
      ["static file", "/favicon.svg", 200],
      ["unknown page", "/no-such-page", 404],
      ["unknown link", "/me/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 404],
      ["admin without login", "/admin/participants", 302],
      ["admin", "/admin/participants", 200],
      ["CSV export", "/admin/participants.csv", 200],
    ];
    for (const [label, path, status] of gets) {
      const useSession = label === "admin" || label === "CSV export";
      const response = await fetch(`${baseURL()}${path}`, { redirect: "manual", headers: useSession ? { Cookie: session } : {} });
      expect(response.status, label).toBe(status);
      expectSecurityHeaders(label, response);
    }
    // A built script file, as the browser fetches it.
    const home = await (await fetch(`${baseURL()}/`)).text();
    const asset = /<script[^>]+src="(\/build\/[^"]+)"/.exec(home) ?? /<link[^>]+href="(\/build\/[^"]+\.js)"/.exec(home);
    expect(asset).not.toBeNull();
    expectSecurityHeaders("built asset", await fetch(`${baseURL()}${asset![1]}`));

    // Form answers: a refused login (400) and a successful one (302).
    const refused = await fetch(`${baseURL()}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=&password=",
    });
    expect(refused.status).toBe(400);
    expectSecurityHeaders("refused login", refused);
    expectSecurityHeaders("login", await login());
  });

  it("allows every inline script by the page's own nonce or its exact hash, loads scripts only from this site, and makes a new nonce each time", async () => {
    const nonces: string[] = [];
    // The public pages twice: the second answer is the stored page.
    for (const path of ["/", "/", "/events", "/events", "/request", `/me/${DEMO_TOKENS.participant}`]) {
      const response = await fetch(`${baseURL()}${path}`);
      const csp = response.headers.get("Content-Security-Policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      if (nonce) nonces.push(nonce);
      // Stored public pages are the same bytes for everyone, so they carry hashes; the others a nonce.
      expect(Boolean(nonce), path).toBe(!["/", "/events"].includes(path));
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attributes: m[1], text: m[2] }));
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const { attributes, text } of scripts) {
        const src = /\bsrc="([^"]*)"/.exec(attributes)?.[1];
        if (src) expect(src.startsWith("/") && !src.startsWith("//"), `${path}: ${src}`).toBe(true);
        else if (nonce) expect(attributes, path).toContain(`nonce="${nonce}"`);
        else expect(csp, path).toContain(`'sha256-${createHash("sha256").update(text).digest("base64")}'`);
      }
      if (!nonce) expect(html, path).not.toContain("nonce=");
      // No inline event handlers, which neither a nonce nor a hash allows.
      expect(html).not.toMatch(/<[^>]+\son[a-z]+="/i);
    }
    expect(nonces.length).toBe(2);
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it("lets a stored public page run its scripts in a browser: no CSP violation, the page hydrates", async () => {
    const browser = await launchBrowser();
    try {
      const { page, errors } = await newPage(browser);
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      for (const path of ["/events?lng=en", "/events?lng=en"]) {
        const response = await page.goto(path);
        expect(response?.status()).toBe(200);
        await page.waitForFunction(() => Boolean((window as unknown as { __remixRouteModules?: object }).__remixRouteModules));
      }
      expect((await page.request.get("/events?lng=en")).headers()["x-tuttav-cache"]).toBe("hit");
      // Hydrated: a link is followed without a document load.
      await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
      await page.locator("main a[href^='/events/']").first().click();
      await page.waitForURL(/\/events\/\d+/);
      expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("sets cookies HttpOnly and SameSite=Lax (Secure only in production, see the integration test)", async () => {
    const response = await login();
    expect(response.status).toBe(302);
    const language = await fetch(`${baseURL()}/?lng=en`);
    const cookies = [...response.headers.getSetCookie(), ...language.headers.getSetCookie()];
    // __known: the accounts that logged in from this browser, for the login throttle (Path=/login).
    expect(cookies.map((c) => c.split("=")[0]).sort()).toEqual(["__known", "__session", "lng"]);
    for (const cookie of cookies) {
      expect(cookie, cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie, cookie).toMatch(/;\s*SameSite=Lax/i);
      expect(cookie, cookie).toMatch(/;\s*Path=\//i);
      // The test server runs with NODE_ENV=test: plain HTTP must still work.
      expect(cookie, cookie).not.toMatch(/;\s*Secure/i);
    }
  });
});

describe("/favicon.ico", () => {
  it("is a real icon (browsers and feed readers ask for it on every site)", async () => {
    const response = await fetch(`${baseURL()}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // ICONDIR: reserved 0, type 1 (icon), at least one image.
    expect([...bytes.slice(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(bytes[4]).toBeGreaterThan(0);
  });
});
