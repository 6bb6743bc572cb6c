import type { Locale } from "~/domain/vocabulary";
import { getDb } from "~/utils/db.server";

/** Counties with their name in the reader's language. */
export async function listRegions(locale: Locale) {
  const column = `name_${locale}` as const;
  const rows = await getDb().selectFrom("region").select(["code", column]).orderBy("name_et").execute();
  return rows.map((r) => ({ code: r.code, name: (r as Record<string, string>)[column] }));
}
