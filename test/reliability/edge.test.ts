/**
 * The edge of the server, over real HTTP against the built app (scripts/server.mjs): body and
 * field limits, the Host and Origin checks, methods, HSTS, no-store on private pages and the
 * 404 page's language links. One build; a development server (NODE_ENV=test) and a production one
 * (APP_ORIGIN=https://tuttav.example), each on a demo database of its own (SQLite, or PostgreSQL
 * with TEST_DATABASE_URL). Requests go through node:http, which can send any Host and method
 * (fetch cannot).
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import type { DB } from "#db/connection";
import { DEMO_LOGIN, DEMO_TOKENS } from "#db/seed/demo";
import { LOCALES, type Locale } from "~/domain/vocabulary";
import { resources } from "~/i18n/resources";
import { hashToken } from "~/utils/token.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { freePort, root, startServer } from "../helpers/server";

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };
type Send = {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sent chunked (no Content-Length), `count` times `chunk`, until the server answers. */
  stream?: { chunk: Buffer; count: number };
  /** Host header to send; null sends none. Default: 127.0.0.1:port. */
  host?: string | null;
};

let dir: string;
let buildDir: string;
let outbox: string;
let devDb: TestDatabase | undefined;
let prodDb: TestDatabase | undefined;
let dev: { server: ChildProcess; port: number; db: DB } | undefined;
let prod: { server: ChildProcess; port: number; db: DB } | undefined;

const PROD_ORIGIN = "https://tuttav.example";
const edge = (locale: Locale) => (resources[locale].translation as unknown as { edge: Record<string, { title: string; text: string }> & { home: string } }).edge;

/** One request over a fresh connection; the answer once it has fully arrived. */
function send(port: number, options: Send): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.host !== null) headers.Host = options.host ?? `127.0.0.1:${port}`;
    if (typeof options.body === "string" || Buffer.isBuffer(options.body)) headers["Content-Length"] = String(Buffer.byteLength(options.body));
    const request = http.request({ host: "127.0.0.1", port, method: options.method ?? "GET", path: options.path, headers, agent: false, setHost: false });
    let answered = false;
    request.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, text: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    // Once answered, the server may close the connection under the rest of an upload.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (options.stream) {
      const { chunk, count } = options.stream;
      let written = 0;
      const pump = () => {
        while (!answered && written < count) {
          written += 1;
          if (!request.write(chunk)) return void request.once("drain", pump);
        }
        if (!answered) request.end();
      };
      pump();
    } else {
      request.end(options.body);
    }
  });
}

const devSend = (options: Send) => send(dev!.port, options);
const prodSend = (options: Send) => send(prod!.port, { host: "tuttav.example", ...options });
const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const manyFields = (n: number) => form([["email", "someone@example.org"], ["password", "x"], ...Array.from({ length: n }, (_, i) => [`f${i}`, String(i)] as [string, string])]);

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The refusal page: its status, language, texts and what it must not contain. */
function expectRefusalPage(answer: Answer, status: number, locale: Locale, reason: string) {
  expect(answer.status, answer.text.slice(0, 300)).toBe(status);
  expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
  expect(answer.headers["cache-control"]).toBe("no-store");
  expect(answer.headers["content-security-policy"]).toContain("default-src 'self'");
  expect(answer.text).toContain(`<html lang="${locale}"`);
  expect(answer.text).toContain(`<h1>${html(edge(locale)[reason].title)}</h1>`);
  expect(answer.text).toContain(`<a href="/">${html(edge(locale).home)}</a>`);
  // Self-contained: no script, no inline style (the CSP allows neither), nothing left untranslated.
  expect(answer.text).not.toMatch(/<script|<style|style=|\{\{/i);
}

/** Every href of the language switcher on a page. */
const languageLinks = (html: string) => [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"[^>]*\bhrefLang="[a-z]{2}"/gi)].map((m) => m[1].replace(/&amp;/g, "&"));

/** Participants with an e-mail address other than the demo participant (a lost-link request would replace the demo link other tests use). */
async function otherParticipantEmails(db: DB): Promise<string[]> {
  const rows = await db
    .selectFrom("participant")
    .select("email")
    .where("email", "is not", null)
    .where("erased_at", "is", null)
    .where("id", "not in", (eb) =>
      eb.selectFrom("access_token").select("subject_id").where("purpose", "=", "participant").where("token_hash", "=", hashToken(DEMO_TOKENS.participant)),
    )
    .orderBy("id")
    .execute();
  return rows.map((row) => row.email!);
}

/** How many participants there are. */
async function participantCount(db: DB): Promise<number> {
  const row = await db
    .selectFrom("participant")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const mails = () =>
  fs.existsSync(outbox)
    ? fs
        .readFileSync(outbox, "utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-edge-"));
  outbox = path.join(dir, "outbox.jsonl");
  buildDir = inject("buildDir");
  devDb = await createTestDatabase({ demo: true });
  prodDb = await createTestDatabase({ demo: true });

  const devPort = await freePort();
  dev = {
    port: devPort,
    db: devDb.db,
    server: await startServer({ buildDir, database: devDb.env, port: devPort, env: { MAIL_OUTBOX_PATH: outbox } }),
  };
  const prodPort = await freePort();
  prod = {
    port: prodPort,
    db: prodDb.db,
    server: await startServer({
      buildDir,
      database: prodDb.env,
      port: prodPort,
      env: { NODE_ENV: "production", SESSION_SECRET: "edge-test-secret-".repeat(3), APP_ORIGIN: PROD_ORIGIN, SMTP_URL: "smtp://127.0.0.1:9", MAIL_WORKER: "off" },
    }),
  };
});

afterAll(async () => {
  dev?.server.kill();
  prod?.server.kill();
  await devDb?.close();
  await prodDb?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("body limits", () => {
  it("refuses 32 000 fields to /login with a translated 413, while the pages asked for at the same time answer", async () => {
    const body = manyFields(32_000);
    expect(body.length).toBeGreaterThan(256 * 1024);
    const [refused, ...pages] = await Promise.all([
      devSend({ method: "POST", path: "/login", headers: { ...FORM, "Accept-Language": "en" }, body }),
      ...Array.from({ length: 3 }, () => devSend({ path: "/" })),
    ]);
    expectRefusalPage(refused, 413, "en", "tooLarge");
    expect(refused.text).toContain("256 KB");
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
  });

  it("refuses a body under the size limit with more fields than any form has (400), in the language asked for", async () => {
    const body = manyFields(5_000);
    expect(body.length).toBeLessThan(256 * 1024);
    const refused = await devSend({ method: "POST", path: "/login?lng=uk", headers: FORM, body });
    expectRefusalPage(refused, 400, "uk", "tooManyFields");
    // 1 000 fields and fewer go on to the route, which answers them itself.
    const accepted = await devSend({ method: "POST", path: "/login?lng=uk", headers: FORM, body: manyFields(990) });
    expect(accepted.status).toBe(400);
    expect(accepted.text).not.toContain(`<h1>${edge("uk").tooManyFields.title}</h1>`);
  });

  it("writes the refusal in the page's language, chosen as on every page: ?lng=, then the lng cookie, then Accept-Language", async () => {
    const chosen = await devSend({ path: "/?lng=ru" });
    const cookie = (chosen.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
    expect(cookie).toMatch(/^lng=/);
    const refuse = (query: string, headers: Record<string, string>) =>
      devSend({ method: "POST", path: `/login${query}`, headers: { ...FORM, ...headers }, body: manyFields(1_200) });
    expectRefusalPage(await refuse("?lng=en", { Cookie: cookie, "Accept-Language": "uk" }), 400, "en", "tooManyFields");
    expectRefusalPage(await refuse("", { Cookie: cookie, "Accept-Language": "uk" }), 400, "ru", "tooManyFields");
    expectRefusalPage(await refuse("", { "Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5" }), 400, "uk", "tooManyFields");
    expectRefusalPage(await refuse("", { "Accept-Language": "fr" }), 400, "et", "tooManyFields");
  });

  it("refuses 32 000 offers to a participant's page and leaves the participant as they were", async () => {
    const offers = async () =>
      (
        await dev!.db
          .selectFrom("participant_offer")
          .innerJoin("access_token as t", (join) => join.onRef("t.subject_id", "=", "participant_offer.participant_id").on("t.purpose", "=", "participant"))
          .select("offer")
          .where("t.token_hash", "=", hashToken(DEMO_TOKENS.participant))
          .orderBy("offer")
          .execute()
      ).map((row) => row.offer);
    const before = await offers();
    expect(before.length).toBeGreaterThan(0);
    const body = form([["intent", "profile"], ["first_name", "Olena"], ...Array.from({ length: 32_000 }, () => ["offers", "crafts"] as [string, string])]);
    const refused = await devSend({ method: "POST", path: `/me/${DEMO_TOKENS.participant}`, headers: { ...FORM, "Accept-Language": "ru-RU,ru;q=0.9" }, body });
    expectRefusalPage(refused, 413, "ru", "tooLarge");
    const tooMany = await devSend({
      method: "POST",
      path: `/me/${DEMO_TOKENS.participant}`,
      headers: { ...FORM, "Accept-Language": "ru" },
      body: form([["intent", "profile"], ...Array.from({ length: 1_500 }, () => ["offers", "crafts"] as [string, string])]),
    });
    expectRefusalPage(tooMany, 400, "ru", "tooManyFields");
    expect(await offers()).toEqual(before);
  });

  it("refuses 8 MB sent chunked (no Content-Length) to /join with 413, storing nothing, while the home page answers", async () => {
    const before = await participantCount(dev!.db);
    const chunk = Buffer.from("offers=crafts&".repeat(4_681)); // 64 KB
    const [refused, page] = await Promise.all([
      devSend({ method: "POST", path: "/join", headers: { ...FORM, "Accept-Language": "et" }, stream: { chunk, count: 128 } }),
      devSend({ path: "/" }),
    ]);
    expectRefusalPage(refused, 413, "et", "tooLarge");
    expect(page.status).toBe(200);
    expect(await participantCount(dev!.db)).toBe(before);
    // The server still answers on new connections afterwards.
    expect((await devSend({ path: "/" })).status).toBe(200);
  });

  it("gets the 413 to the client even when it asked to close the connection (no reset under the answer)", async () => {
    const chunk = Buffer.from("offers=crafts&".repeat(4_681));
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      statuses.push((await devSend({ method: "POST", path: "/join", headers: { ...FORM, Connection: "close" }, stream: { chunk, count: 32 } })).status);
    }
    expect(statuses).toEqual(Array(20).fill(413));
  });

  it("refuses a declared Content-Length over the limit before reading the body", async () => {
    // Only the headers and a few bytes are sent: the answer cannot wait for the rest.
    const answer = await new Promise<Answer>((resolve, reject) => {
      const request = http.request({
        host: "127.0.0.1",
        port: dev!.port,
        method: "POST",
        path: "/login",
        agent: false,
        headers: { ...FORM, "Content-Length": String(50 * 1024 * 1024) },
      });
      request.on("response", (response) => {
        let text = "";
        response.on("data", (c) => (text += c));
        response.on("end", () => {
          request.destroy();
          resolve({ status: response.statusCode!, headers: response.headers, text });
        });
      });
      request.on("error", reject);
      request.write("email=x");
    });
    expectRefusalPage(answer, 413, "et", "tooLarge");
  });

  it("lets the CSV import upload up to its own limit (2 MB) and refuses more with 413", async () => {
    const login = await devSend({
      method: "POST",
      path: "/login",
      headers: FORM,
      body: form([
        ["email", DEMO_LOGIN.email],
        ["password", DEMO_LOGIN.password],
      ]),
    });
    expect(login.status).toBe(302);
    const cookie = (login.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
    const upload = (bytes: number) => {
      const boundary = "----tuttavedge";
      const csv = "first_name,email\n" + "Mari,not-an-address\n".repeat(Math.ceil(bytes / 20));
      return {
        headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: cookie, "Accept-Language": "en" },
        body: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
      };
    };
    const before = await participantCount(dev!.db);
    const fits = await devSend({ method: "POST", path: "/admin/participants/import", ...upload(1024 * 1024) });
    // The route reads it and reports the rows' errors itself.
    expect(fits.status).toBe(400);
    expect(fits.text).not.toContain(`<h1>${edge("en").tooLarge.title}</h1>`);
    const tooBig = await devSend({ method: "POST", path: "/admin/participants/import", ...upload(3 * 1024 * 1024) });
    expectRefusalPage(tooBig, 413, "en", "tooLarge");
    expect(tooBig.text).toContain("2 MB");
    expect(await participantCount(dev!.db)).toBe(before);
  });
});

describe("the Host a request is addressed to", () => {
  it("is refused with 400 when it is not this app's, before any page, file or feed is served", async () => {
    for (const requestPath of ["/", "/favicon.svg", "/feeds/events.ics", `/me/${DEMO_TOKENS.participant}`]) {
      expectRefusalPage(await devSend({ path: `${requestPath}?lng=en`, host: "attacker.example" }), 400, "en", "host");
    }
    expect((await devSend({ path: "/", host: `localhost:${dev!.port + 1}` })).status).toBe(400);
    expect((await devSend({ path: "/", host: "attacker.example", method: "HEAD" })).status).toBe(400);
  });

  it("refuses a lost-link request sent with another Host, and mails nothing", async () => {
    const [email] = await otherParticipantEmails(dev!.db);
    const before = mails().length;
    const refused = await devSend({ method: "POST", path: "/me/lost", host: "attacker.example", headers: FORM, body: form([["email", email]]) });
    expectRefusalPage(refused, 400, "et", "host");
    expect(mails()).toHaveLength(before);
  });

  it("in development is also localhost, 127.0.0.1 or [::1] on the app's port; links still use the trusted origin", async () => {
    for (const host of [`localhost:${dev!.port}`, `127.0.0.1:${dev!.port}`, `[::1]:${dev!.port}`]) expect((await devSend({ path: "/", host })).status, host).toBe(200);
    const feed = await devSend({ path: "/feeds/events.ics" });
    expect(feed.status).toBe(200);
    const trusted = `http://localhost:${dev!.port}`;
    const urls = [...feed.text.replace(/\r\n[ \t]/g, "").matchAll(/^URL:(.*)$/gm)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url.startsWith(`${trusted}/events/`), url).toBe(true);
    expect(feed.text).toMatch(/^UID:event-\d+@localhost\r$/m);

    const [, email] = await otherParticipantEmails(dev!.db);
    expect((await devSend({ method: "POST", path: "/me/lost", headers: FORM, body: form([["email", email]]) })).status).toBe(200);
    // The server's mail worker sends it just after the commit.
    await expect.poll(() => mails().at(-1)?.to, { timeout: 15_000 }).toBe(email);
    const mail = mails().at(-1);
    expect(mail.text).toMatch(new RegExp(`${trusted}/me/[A-Za-z0-9_-]{43}`));
  });

  it("in production is only APP_ORIGIN's host", async () => {
    expect((await prodSend({ path: "/" })).status).toBe(200);
    expect((await prodSend({ path: "/", host: "tuttav.example:443" })).status).toBe(200);
    for (const host of [`127.0.0.1:${prod!.port}`, `localhost:${prod!.port}`, "evil.example"]) expectRefusalPage(await prodSend({ path: "/", host }), 400, "et", "host");
  });

  it.each([
    ["APP_ORIGIN", "APP_ORIGIN must be set when NODE_ENV=production"],
    ["SMTP_URL", "SMTP_URL must be set when NODE_ENV=production"],
  ])("in production, the server refuses to start without %s and says why", async (missing, message) => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      BUILD_DIR: buildDir,
      ...prodDb!.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      SESSION_SECRET: "x".repeat(40),
      APP_ORIGIN: PROD_ORIGIN,
      SMTP_URL: "smtp://127.0.0.1:9",
    };
    delete env[missing];
    const child = spawn("node", ["scripts/server.mjs"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    const code = await new Promise<number | null>((resolve) => {
      // Started after all: stop it after a moment and let the assertions below say so.
      const timer = setTimeout(() => child.kill(), 20_000);
      child.on("exit", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(output).not.toContain("running at");
    expect(code).toBe(1);
    expect(output).toContain(message);
  });
});

describe("form posts from other sites (CSRF)", () => {
  const lost = (kind: "document" | "data") => (kind === "document" ? "/me/lost" : "/me/lost?_data=routes%2F_public.me.lost");
  const matrix: [string, Record<string, string>, "refused" | "accepted"][] = [
    ["another site's Origin", { Origin: "http://evil.example" }, "refused"],
    ["a same-site subdomain's Origin", { Origin: "http://sub.localhost:1" }, "refused"],
    ["Origin null (sandboxed page)", { Origin: "null" }, "refused"],
    ["another site's Referer and no Origin", { Referer: "http://evil.example/page" }, "refused"],
    ["its own Origin (trusted)", {}, "accepted"],
    ["127.0.0.1 on its port (development)", {}, "accepted"],
    ["its own Referer and no Origin", {}, "accepted"],
    ["neither Origin nor Referer", {}, "accepted"],
  ];
  // A browser sends the Host of the page it is on; Origin names the page the form was on.
  const requestFor = (label: string, given: Record<string, string>): { headers: Record<string, string>; host?: string } => {
    const own = `http://localhost:${dev!.port}`;
    if (label.startsWith("its own Origin")) return { headers: { Origin: own }, host: `localhost:${dev!.port}` };
    if (label.startsWith("127.0.0.1")) return { headers: { Origin: `http://127.0.0.1:${dev!.port}` } };
    if (label.startsWith("its own Referer")) return { headers: { Referer: `${own}/me/lost` }, host: `localhost:${dev!.port}` };
    return { headers: given };
  };

  it.each(["document", "data"] as const)("are refused with 403 before the action when Origin or Referer names another site (%s request)", async (kind) => {
    const before = mails().length;
    for (const [label, given, expected] of matrix) {
      const { headers, host } = requestFor(label, given);
      const answer = await devSend({
        method: "POST",
        path: lost(kind),
        host,
        headers: { ...FORM, "Accept-Language": "en", ...headers },
        body: form([["email", "nobody-here@example.org"]]),
      });
      if (expected === "refused") expectRefusalPage(answer, 403, "en", "origin");
      else {
        expect(answer.status, label).toBe(200);
        if (kind === "data") expect(JSON.parse(answer.text), label).toEqual({ errors: {}, sent: true });
      }
    }
    expect(mails()).toHaveLength(before);
  });

  it("cannot log a visitor in from another site (login CSRF), by document or data request", async () => {
    for (const requestPath of ["/login", "/login?_data=routes%2F_public.login"]) {
      const answer = await devSend({
        method: "POST",
        path: requestPath,
        headers: { ...FORM, Origin: "http://evil.example" },
        body: form([
          ["email", DEMO_LOGIN.email],
          ["password", DEMO_LOGIN.password],
        ]),
      });
      expectRefusalPage(answer, 403, "et", "origin");
      expect(answer.headers["set-cookie"]).toBeUndefined();
    }
  });

  it("in production only APP_ORIGIN is the app's own origin", async () => {
    const post = (origin: string) =>
      prodSend({ method: "POST", path: "/me/lost?_data=routes%2F_public.me.lost", headers: { ...FORM, Origin: origin }, body: form([["email", "nobody-here@example.org"]]) });
    expect((await post(PROD_ORIGIN)).status).toBe(200);
    expect((await post(`http://127.0.0.1:${prod!.port}`)).status).toBe(403);
    expect((await post("http://tuttav.example")).status).toBe(403);
  });
});

describe("methods", () => {
  it("answers methods no route handles with 405 and Allow, not 500", async () => {
    for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
      const answer = await devSend({ method, path: "/?lng=en" });
      expectRefusalPage(answer, 405, "en", "method");
      expect(answer.headers.allow, method).toBe("GET, HEAD, POST");
    }
    const head = await devSend({ method: "HEAD", path: "/" });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
  });
});

describe("response headers", () => {
  it("sends HSTS in production only", async () => {
    for (const requestPath of ["/", "/favicon.svg", "/no-such-page"]) {
      expect((await prodSend({ path: requestPath })).headers["strict-transport-security"], requestPath).toBe("max-age=31536000; includeSubDomains");
      expect((await devSend({ path: requestPath })).headers["strict-transport-security"], requestPath).toBeUndefined();
    }
  });

  it("marks every coordinator page and every page behind a private link no-store, and not the feeds", async () => {
    const login = await devSend({
      method: "POST",
      path: "/login",
      headers: FORM,
      body: form([
        ["email", DEMO_LOGIN.email],
        ["password", DEMO_LOGIN.password],
      ]),
    });
    const cookie = (login.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
    const noStore: [string, number, Record<string, string>?][] = [
      ["/admin", 200, { Cookie: cookie }],
      ["/admin/participants", 200, { Cookie: cookie }],
      ["/admin/participants?_data=routes%2Fadmin.participants._index", 200, { Cookie: cookie }],
      ["/admin/participants.csv", 200, { Cookie: cookie }],
      ["/admin/participants", 302],
      [`/me/${DEMO_TOKENS.participant}`, 200],
      [`/me/${DEMO_TOKENS.participant}?_data=routes%2F_public.me.%24token`, 200],
      [`/me/${DEMO_TOKENS.participant}/data.json`, 200],
      [`/request/status/${DEMO_TOKENS.host}`, 200],
      ["/me/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 404],
    ];
    for (const [requestPath, status, headers] of noStore) {
      for (const send of [devSend, prodSend]) {
        if (send === prodSend && headers) continue; // the coordinator session is the development server's
        const answer = await send({ path: requestPath, headers });
        expect(answer.status, requestPath).toBe(status);
        expect(answer.headers["cache-control"], requestPath).toBe("no-store");
      }
    }
    const feeds = await devSend({ path: `/feeds/me/${DEMO_TOKENS.participant}.ics` });
    expect(feeds.status).toBe(200);
    expect(feeds.headers["cache-control"]).not.toBe("no-store");
    expect((await devSend({ path: "/feeds/events.ics" })).headers["cache-control"]).toMatch(/public/);
    expect((await devSend({ path: "/events" })).headers["cache-control"] ?? "").not.toContain("no-store");
  });
});

describe("the 404 page of //evil.example/x", () => {
  it("links to the other languages on this site only", async () => {
    const answer = await devSend({ path: "//evil.example/x?lng=en" });
    expect(answer.status).toBe(404);
    const links = languageLinks(answer.text);
    expect(links).toHaveLength(LOCALES.length);
    for (const href of links) {
      expect(href, href).toMatch(/^\/[^/\\]/);
      // Resolved as a browser would, it stays on this site.
      expect(new URL(href, `http://localhost:${dev!.port}//evil.example/x`).host, href).toBe(`localhost:${dev!.port}`);
    }
    const backslash = languageLinks((await devSend({ path: "/%5Cevil.example/x" })).text);
    for (const href of backslash) expect(new URL(href, `http://localhost:${dev!.port}/`).host, href).toBe(`localhost:${dev!.port}`);
  });
});
