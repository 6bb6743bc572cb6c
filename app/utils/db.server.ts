import { createDb, type DB } from "#db/connection";

declare global {
  // eslint-disable-next-line no-var
  var __tuttavDb: DB | undefined;
}

/** The app's one database connection (kept across dev rebuilds). The schema is migrated by `npm start`. */
export function getDb(): DB {
  globalThis.__tuttavDb ??= createDb().db;
  return globalThis.__tuttavDb;
}
