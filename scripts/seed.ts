/** `npm run seed`: migrate and seed the database (DATABASE_URL, else DATABASE_PATH; demo data only into an empty one). */
import { connect, migrateToLatest } from "#db/connection";
import { seedDatabase } from "#db/seed/index";
import { isProduction } from "~/utils/env.server";

const db = connect();
await migrateToLatest(db);
const demo = await seedDatabase(db, { now: new Date(), demo: !isProduction() });
await db.destroy();
console.log(demo ? `Seeded demo data: ${JSON.stringify(demo)}` : "Reference data up to date; demo data not added (database not empty or production).");
