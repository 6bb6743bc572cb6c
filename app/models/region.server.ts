import type { Locale } from "~/domain/vocabulary";
import type { DB } from "#db/connection";
import { getDb } from "~/utils/db.server";

type Region = { code: string; name: string };

/**
 * The counties, read once per database handle and language: they come with the schema's seed
 * and nothing in the app changes them, while every coordinator list's filter reads them.
 */
const regionsRead = new WeakMap<DB, Map<Locale, Promise<Region[]>>>();

/** Counties with their name in the reader's language. */
export function listRegions(locale: Locale): Promise<Region[]> {
  const db = getDb();
  let byLocale = regionsRead.get(db);
  if (!byLocale) regionsRead.set(db, (byLocale = new Map()));
  let regions = byLocale.get(locale);
  if (!regions) {
    regions = readRegions(db, locale);
    byLocale.set(locale, regions);
    // A failed read is tried again next time, not remembered.
    regions.catch(() => byLocale.delete(locale));
  }
  return regions.then((rows) => rows.map((r) => ({ ...r })));
}

async function readRegions(db: DB, locale: Locale): Promise<Region[]> {
  const column = `name_${locale}` as const;
  const rows = await db.selectFrom("region").select(["code", column]).orderBy("name_et").execute();
  return rows.map((r) => ({ code: r.code, name: (r as Record<string, string>)[column] }));
}
