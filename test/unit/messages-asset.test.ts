/** Each language's messages as a file with its content's hash in its name, and the route that serves it. */
import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { LOCALES } from "~/domain/vocabulary";
import { renderInstance } from "~/i18n/i18next.server";
import { findMessagesAsset, messagesHref } from "~/i18n/messageAssets.server";
import { resources } from "~/i18n/resources";
import { loader } from "~/routes/locales.$file";

const serve = (file: string) => loader({ params: { file }, request: new Request(`http://localhost/locales/${file}`), context: {} });
const name = (href: string) => href.slice("/locales/".length);

describe("messagesHref", () => {
  it("names each language's file by a hash of its messages: four languages, four addresses", () => {
    const hrefs = LOCALES.map(messagesHref);
    expect(new Set(hrefs).size).toBe(LOCALES.length);
    for (const locale of LOCALES) {
      const [, hash] = /^\/locales\/[a-z]{2}\.([A-Za-z0-9_-]{16})\.json$/.exec(messagesHref(locale))!;
      const json = JSON.stringify(resources[locale].translation);
      expect(hash).toBe(createHash("sha256").update(json).digest("base64url").slice(0, 16));
      expect(messagesHref(locale).startsWith(`/locales/${locale}.`)).toBe(true);
    }
  });
});

describe("findMessagesAsset", () => {
  it("knows this process's files, an old hash of a known language (not current), and nothing else", () => {
    expect(findMessagesAsset(name(messagesHref("ru")))).toMatchObject({ current: true, asset: { locale: "ru" } });
    expect(findMessagesAsset("ru.AAAAAAAAAAAAAAAA.json")).toMatchObject({ current: false, asset: { locale: "ru" } });
    for (const file of ["xx.AAAAAAAAAAAAAAAA.json", "ru.json", "ru..json", "../ru.AAAA.json", "ru.AAAA.js", "RU.AAAA.json", ""]) expect(findMessagesAsset(file), file).toBeNull();
  });
});

describe("/locales/<lng>.<hash>.json", () => {
  it("serves a language's messages, to be kept for good", async () => {
    for (const locale of LOCALES) {
      const response = await serve(name(messagesHref(locale)));
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
      expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
      expect(await response.json()).toEqual(resources[locale].translation);
    }
  });

  it("answers a page from before a deployment with today's messages, not to be kept; anything else is not found", async () => {
    const stale = await serve("uk.AAAAAAAAAAAAAAAA.json");
    expect(stale.status).toBe(200);
    expect(stale.headers.get("Cache-Control")).toBe("no-cache");
    expect(await stale.json()).toEqual(resources.uk.translation);
    const unknown = await serve("xx.AAAAAAAAAAAAAAAA.json").catch((thrown: unknown) => thrown);
    expect(unknown).toBeInstanceOf(Response);
    expect((unknown as Response).status).toBe(404);
  });
});

describe("renderInstance", () => {
  it("is one i18next instance per language, in that language, kept for the process", async () => {
    const [et, ru] = await Promise.all([renderInstance("et"), renderInstance("ru")]);
    expect(await renderInstance("et")).toBe(et);
    expect(et).not.toBe(ru);
    expect(et.language).toBe("et");
    expect(ru.t("home.title")).toBe((resources.ru.translation as unknown as { home: { title: string } }).home.title);
  });
});
