/**
 * Prepares the database for `npm start`: migrates it (creating the file if missing) and, unless
 * this is a real deployment (isProduction(): NODE_ENV=production without TUTTAV_DEMO=1), fills an
 * empty one with the demo season. Prints where things are.
 */
import { createDb, databasePath, migrateToLatest } from "#db/connection";
import { DEMO_LOGIN, DEMO_TOKENS } from "#db/seed/demo";
import { seedDatabase } from "#db/seed/index";
import { isProduction } from "~/utils/env.server";

const production = isProduction();
const file = databasePath();
const { db } = createDb(file);
const applied = await migrateToLatest(db);
const demo = await seedDatabase(db, { now: new Date(), demo: !production });
await db.destroy();

const url = `http://localhost:${process.env.PORT || 3000}`;
console.log(`Database: ${file}${applied.length ? ` (migrated: ${applied.join(", ")})` : ""}`);
if (demo) console.log(`Demo data added: ${demo.events} events, ${demo.participants} participants, ${demo.venues} venues, ${demo.requests} requests.`);
console.log(`Tuttav will be at ${url}`);
if (!production) {
  console.log(`Demo coordinator login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
  console.log(`Demo participant link:  ${url}/me/${DEMO_TOKENS.participant}`);
  console.log(`Demo host request link: ${url}/request/status/${DEMO_TOKENS.host}`);
}
