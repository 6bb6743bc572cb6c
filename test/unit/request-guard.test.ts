import { Readable } from "node:stream";

import { describe, expect, it } from "vitest";

import { LOCALES } from "~/domain/vocabulary";
import { resources } from "~/i18n/resources";
import { buildOriginPolicy, OriginSettingError } from "~/utils/origin.server";
import { discardBody, readBody } from "~/utils/requestBody.server";
import {
  bodyLimit,
  checkFormBody,
  checkRequest,
  countFormFields,
  FORM_BODY_LIMIT,
  isPrivatePage,
  MAX_FORM_FIELDS,
  UPLOAD_BODY_LIMIT,
  type RequestFacts,
} from "~/utils/requestGuard.server";
import { refusalResponse } from "~/utils/refusalPage.server";

const dev = buildOriginPolicy({ production: false, PORT: "3000" });
const prod = buildOriginPolicy({ production: true, APP_ORIGIN: "https://tuttav.example/" });
const facts = (over: Partial<RequestFacts>): RequestFacts => ({ method: "GET", host: "localhost:3000", origin: undefined, referer: undefined, ...over });

describe("the trusted origin", () => {
  it("is APP_ORIGIN (normalised), else http://localhost:$PORT with 3000 by default", () => {
    expect(prod.trusted).toBe("https://tuttav.example");
    expect(buildOriginPolicy({ production: false, APP_ORIGIN: "HTTP://Tuttav.Example:8080" }).trusted).toBe("http://tuttav.example:8080");
    expect(buildOriginPolicy({ production: false }).trusted).toBe("http://localhost:3000");
    expect(buildOriginPolicy({ production: false, PORT: "4123" }).trusted).toBe("http://localhost:4123");
  });

  it("is required in production, and must be a bare http(s) origin", () => {
    expect(() => buildOriginPolicy({ production: true })).toThrow(OriginSettingError);
    expect(() => buildOriginPolicy({ production: true, APP_ORIGIN: "  " })).toThrow(/APP_ORIGIN must be set when NODE_ENV=production/);
    for (const bad of [
      "tuttav.example",
      "ftp://tuttav.example",
      "https://tuttav.example/app",
      "https://user:pw@tuttav.example",
      "https://tuttav.example/?x=1",
      "https://tuttav.example/#top",
    ]) {
      expect(() => buildOriginPolicy({ production: false, APP_ORIGIN: bad }), bad).toThrow(OriginSettingError);
    }
    expect(() => buildOriginPolicy({ production: false, PORT: "port" })).toThrow(/PORT/);
  });

  it("answers to the local names on its port in development only", () => {
    expect([...dev.hosts].sort()).toEqual(["127.0.0.1:3000", "[::1]:3000", "localhost:3000"]);
    expect([...dev.origins].sort()).toEqual(["http://127.0.0.1:3000", "http://[::1]:3000", "http://localhost:3000"]);
    expect([...prod.hosts].sort()).toEqual(["tuttav.example", "tuttav.example:443"]);
    expect([...prod.origins]).toEqual(["https://tuttav.example"]);
  });
});

describe("checkRequest", () => {
  it("refuses a Host that is not the app's with 400, whatever the method", () => {
    for (const host of [
      undefined,
      "",
      "attacker.example",
      "localhost:3001",
      "localhost",
      "tuttav.example.attacker.example",
      "localhost:3000@attacker.example",
      "localhost:3000/x",
    ]) {
      expect(checkRequest(facts({ host }), dev), String(host)).toMatchObject({ status: 400, reason: "host", messageKey: "edge.host" });
    }
    expect(checkRequest(facts({ host: "LOCALHOST:3000" }), dev)).toBeNull();
    expect(checkRequest(facts({ host: "127.0.0.1:3000" }), prod)).toMatchObject({ status: 400 });
    expect(checkRequest(facts({ host: "tuttav.example" }), prod)).toBeNull();
  });

  it("refuses methods no route handles with 405 and Allow", () => {
    for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "PROPFIND"]) {
      expect(checkRequest(facts({ method }), dev), method).toEqual({ status: 405, reason: "method", messageKey: "edge.method", headers: { Allow: "GET, HEAD, POST" } });
    }
    for (const method of ["GET", "HEAD", "POST", "get"]) expect(checkRequest(facts({ method }), dev), method).toBeNull();
  });

  it("refuses a POST whose Origin, or lacking it Referer, is not the app's with 403; one with neither goes on", () => {
    const post = (over: Partial<RequestFacts>, policy = dev) => checkRequest(facts({ method: "POST", ...over }), policy)?.status ?? "ok";
    expect(post({})).toBe("ok");
    expect(post({ origin: "http://localhost:3000" })).toBe("ok");
    expect(post({ origin: "http://[::1]:3000" })).toBe("ok");
    expect(post({ referer: "http://127.0.0.1:3000/me/lost?x=1" })).toBe("ok");
    expect(post({ origin: "http://evil.example" })).toBe(403);
    expect(post({ origin: "null" })).toBe(403);
    expect(post({ origin: "" })).toBe(403);
    expect(post({ origin: "https://localhost:3000" })).toBe(403);
    expect(post({ origin: "http://localhost:3001" })).toBe(403);
    expect(post({ referer: "http://evil.example/page" })).toBe(403);
    expect(post({ referer: "not a url" })).toBe(403);
    // Origin decides when both are there.
    expect(post({ origin: "http://evil.example", referer: "http://localhost:3000/" })).toBe(403);
    expect(post({ origin: "http://localhost:3000", referer: "http://evil.example/" })).toBe("ok");
    expect(post({ host: "tuttav.example", origin: "https://tuttav.example" }, prod)).toBe("ok");
    expect(post({ host: "tuttav.example", origin: "http://localhost:3000" }, prod)).toBe(403);
    expect(post({ host: "tuttav.example", origin: "http://tuttav.example" }, prod)).toBe(403);
    // GET and HEAD change nothing, so where they come from does not matter.
    expect(checkRequest(facts({ origin: "http://evil.example" }), dev)).toBeNull();
  });
});

describe("body limits", () => {
  it("gives the CSV import the upload limit and every other path the form limit", () => {
    for (const path of ["/admin/participants/import", "/admin/participants/import/", "/ADMIN/Participants/Import", "/admin/participants/%69mport"])
      expect(bodyLimit(path), path).toBe(UPLOAD_BODY_LIMIT);
    for (const path of ["/join", "/admin/participants/import/x", "/admin/participants", "/", "/%E0%A4%A"]) expect(bodyLimit(path), path).toBe(FORM_BODY_LIMIT);
    expect(UPLOAD_BODY_LIMIT).toBeGreaterThan(2 * 1024 * 1024);
  });

  it("counts the fields of urlencoded and multipart bodies", () => {
    const urlencoded = "application/x-www-form-urlencoded; charset=UTF-8";
    expect(countFormFields(urlencoded, Buffer.from(""))).toBe(0);
    expect(countFormFields(urlencoded, Buffer.from("a=1&b=2&&c&"))).toBe(3);
    expect(countFormFields(urlencoded, Buffer.from(Array.from({ length: 50_000 }, (_, i) => `f${i}=`).join("&")))).toBe(50_000);
    const boundary = "----x";
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.csv"\r\n\r\nx,y\r\n--${boundary}--\r\n`;
    expect(countFormFields(`multipart/form-data; boundary=${boundary}`, Buffer.from(multipart))).toBe(2);
    expect(countFormFields(`multipart/form-data; boundary="${boundary}"`, Buffer.from(multipart))).toBe(2);
    expect(countFormFields("multipart/form-data", Buffer.from(multipart))).toBe(0);
    expect(countFormFields("application/json", Buffer.from('{"a":1,"b":2}'))).toBe(0);
  });

  it("refuses more than MAX_FORM_FIELDS fields with 400", () => {
    const fields = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => `f${i}=x`).join("&"));
    expect(checkFormBody("application/x-www-form-urlencoded", fields(MAX_FORM_FIELDS))).toBeNull();
    expect(checkFormBody("application/x-www-form-urlencoded", fields(MAX_FORM_FIELDS + 1))).toMatchObject({ status: 400, reason: "tooManyFields" });
  });
});

/** A request body that produces `count` chunks on demand and counts how many were asked for. */
function counting(chunk: Buffer, count: number, headers: Record<string, string> = {}) {
  let pulled = 0;
  const stream = Object.assign(
    new Readable({
      read() {
        pulled += 1;
        this.push(pulled <= count ? chunk : null);
      },
    }),
    { headers },
  );
  return { stream, pulled: () => pulled };
}

describe("readBody", () => {
  it("returns the whole body within the limit", async () => {
    const { stream } = counting(Buffer.from("a=1&"), 3, { "content-length": "12" });
    const result = await readBody(stream, 100);
    expect(result).toEqual({ ok: true, body: Buffer.from("a=1&a=1&a=1&") });
  });

  it("stops pulling as soon as the limit is passed, with or without Content-Length", async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const chunked = counting(chunk, 128);
    expect(await readBody(chunked.stream, FORM_BODY_LIMIT)).toEqual({ ok: false, problem: "tooLarge" });
    // 256 KB is four chunks; the fifth passes the limit; a readable may ask for one more ahead.
    expect(chunked.pulled()).toBeLessThanOrEqual(6);
    expect(chunked.stream.isPaused()).toBe(true);
    const declared = counting(chunk, 128, { "content-length": String(128 * chunk.length) });
    expect(await readBody(declared.stream, FORM_BODY_LIMIT)).toEqual({ ok: false, problem: "tooLarge" });
    expect(declared.pulled()).toBe(0);
  });

  it("refuses compressed bodies, a malformed Content-Length and one that is not what arrived", async () => {
    expect(await readBody(counting(Buffer.from("x"), 1, { "content-encoding": "gzip" }).stream, 100)).toEqual({ ok: false, problem: "badBody" });
    expect(await readBody(counting(Buffer.from("x"), 1, { "content-length": "1e3" }).stream, 100)).toEqual({ ok: false, problem: "badBody" });
    expect(await readBody(counting(Buffer.from("x"), 1, { "content-length": "5" }).stream, 100)).toEqual({ ok: false, problem: "badBody" });
    expect(await readBody(counting(Buffer.from("x"), 1, { "content-encoding": "identity" }).stream, 100)).toEqual({ ok: true, body: Buffer.from("x") });
  });

  it("reports a connection lost half-way", async () => {
    const stream = Object.assign(new Readable({ read() {} }), { headers: {} });
    const result = readBody(stream, 100);
    stream.push("a=1");
    stream.destroy(new Error("aborted"));
    expect(await result).toEqual({ ok: false, problem: "badBody" });
  });
});

describe("discardBody", () => {
  const limits = { maxBytes: 10 * 1024, maxMs: 60_000 };
  const refused = (count: number, headers: Record<string, string> = {}) => {
    const body = counting(Buffer.alloc(1024), count, headers);
    return { ...body, request: Object.assign(body.stream, { complete: false }) };
  };

  it("reads off the rest of a refused body before the answer", async () => {
    const { request, pulled } = refused(8);
    request.on("end", () => (request.complete = true));
    await discardBody(request, limits);
    expect(pulled()).toBe(9);
    expect(request.complete).toBe(true);
  });

  it("stops, paused, once the rest goes on past its limit or says it will", async () => {
    const endless = refused(1_000_000);
    await discardBody(endless.request, limits);
    // 10 KB in 1 KB chunks, plus what a Readable reads ahead (its 16 KB highWaterMark).
    expect(endless.pulled()).toBeLessThanOrEqual(11 + 16 + 1);
    expect(endless.request.isPaused()).toBe(true);
    expect(endless.request.complete).toBe(false);
    const declared = refused(1_000_000, { "content-length": String(limits.maxBytes + 1) });
    await discardBody(declared.request, limits);
    expect(declared.pulled()).toBe(0);
  });
});

describe("refusalResponse", () => {
  const refusal = checkRequest(facts({ method: "TRACE" }), dev)!;

  it("writes a small page in the language asked for, with the refusal's status and headers, never cached", async () => {
    for (const locale of LOCALES) {
      const response = await refusalResponse(refusal, { method: "TRACE", url: `/x?lng=${locale}` });
      expect(response.status).toBe(405);
      expect(response.headers.get("Allow")).toBe("GET, HEAD, POST");
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(response.headers.get("Content-Language")).toBe(locale);
      const html = await response.text();
      const edge = (resources[locale].translation as unknown as { edge: { method: { title: string } } }).edge;
      expect(html).toContain(`<html lang="${locale}"`);
      expect(html).toContain(`<h1>${edge.method.title}</h1>`);
      expect(html).not.toMatch(/<script|<style|style=|\{\{/);
    }
  });

  it("states the body limit in the 413 page, and sends no body to HEAD", async () => {
    const tooLarge = { status: 413 as const, reason: "tooLarge" as const, messageKey: "edge.tooLarge" as const };
    expect(await (await refusalResponse(tooLarge, { method: "POST", url: "/join?lng=en" }, { limit: FORM_BODY_LIMIT })).text()).toContain("larger than 256 KB");
    expect(await (await refusalResponse(tooLarge, { method: "POST", url: "/x", acceptLanguage: "ru" }, { limit: UPLOAD_BODY_LIMIT })).text()).toContain("больше 2 МБ");
    expect(await (await refusalResponse(refusal, { method: "HEAD", url: "/" })).text()).toBe("");
  });
});

describe("isPrivatePage", () => {
  it("is every coordinator page and page behind a private link, not the feeds or public pages", () => {
    for (const path of ["/admin", "/admin/", "/admin/participants.csv", "/ADMIN/users", "/%61dmin/users", "/me/abc", "/me/abc/data.json", "/request/status/abc"])
      expect(isPrivatePage(path), path).toBe(true);
    for (const path of ["/", "/me", "/me/lost", "/request", "/feeds/me/abc.ics", "/feeds/coordinator/abc.ics", "/events", "/administration-guide"])
      expect(isPrivatePage(path), path).toBe(false);
  });
});
