/**
 * Each language's messages as a file the browser keeps: `/locales/<lng>.<hash>.json`, the hash
 * taken from the JSON itself. The pages carry only that address (root loader), so the ~50 KB of
 * messages is not encoded into every page; a new deployment with other messages has another
 * address, so the file can be cached for good (app/routes/locales.$file.ts serves it).
 */
import { createHash } from "node:crypto";

import { LOCALES, type Locale } from "~/domain/vocabulary";

import { isLocale } from "./config";
import { resources } from "./resources";

export type MessagesAsset = { locale: Locale; hash: string; json: string; href: string };

let assets: Map<Locale, MessagesAsset> | null = null;

/** Encoded and hashed once per process: the messages never change while it runs. */
function allAssets(): Map<Locale, MessagesAsset> {
  if (assets) return assets;
  assets = new Map();
  for (const locale of LOCALES) {
    const json = JSON.stringify(resources[locale].translation);
    const hash = createHash("sha256").update(json, "utf8").digest("base64url").slice(0, 16);
    assets.set(locale, { locale, hash, json, href: `/locales/${locale}.${hash}.json` });
  }
  return assets;
}

/** The address of a language's messages file. */
export function messagesHref(locale: Locale): string {
  return allAssets().get(locale)!.href;
}

/**
 * The messages file a name (`<lng>.<hash>.json`) asks for: `current` when the hash is this
 * process's, so the answer may be cached for good; `stale` for another hash of a known language
 * (a page from before a deployment), answered with today's messages, not cached; else null.
 */
export function findMessagesAsset(name: string): { asset: MessagesAsset; current: boolean } | null {
  const match = /^([a-z]{2})\.([A-Za-z0-9_-]{1,64})\.json$/.exec(name);
  if (!match || !isLocale(match[1])) return null;
  const asset = allAssets().get(match[1])!;
  return { asset, current: match[2] === asset.hash };
}
