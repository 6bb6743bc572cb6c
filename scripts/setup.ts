/**
 * Prepares the database for `npm start` (DATABASE_URL's PostgreSQL, else the SQLite file at
 * DATABASE_PATH): migrates it (creating the SQLite file if missing) and, unless
 * this is a real deployment (isProduction(): NODE_ENV=production without TUTTAV_DEMO=1), fills an
 * empty one with the demo season. Prints where things are.
 */
import { connect, databaseTarget, migrateToLatest, type DatabaseTarget } from "#db/connection";
import { DEMO_LOGIN, DEMO_TOKENS } from "#db/seed/demo";
import { seedDatabase } from "#db/seed/index";
import { isProduction } from "~/utils/env.server";

/** Where the data is, for the console: the file, or the server and database without the password. */
function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "sqlite") return target.file;
  const url = new URL(target.url);
  if (url.password) url.password = "***";
  return `${url.toString()} (PostgreSQL, pool of ${target.poolMax})`;
}

const production = isProduction();
const target = databaseTarget();
const db = connect(target);
const applied = await migrateToLatest(db);
const demo = await seedDatabase(db, { now: new Date(), demo: !production });
await db.destroy();

const url = `http://localhost:${process.env.PORT || 3000}`;
console.log(`Database: ${describeTarget(target)}${applied.length ? ` (migrated: ${applied.join(", ")})` : ""}`);
if (demo) console.log(`Demo data added: ${demo.events} events, ${demo.participants} participants, ${demo.venues} venues, ${demo.requests} requests.`);
console.log(`Tuttav will be at ${url}`);
if (!production) {
  console.log(`Demo coordinator login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
  console.log(`Demo participant link:  ${url}/me/${DEMO_TOKENS.participant}`);
  console.log(`Demo host request link: ${url}/request/status/${DEMO_TOKENS.host}`);
}
