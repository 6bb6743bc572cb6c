import { adminQuery, createTemplateDatabase, testDatabaseUrl } from "../helpers/db";

let template: string | undefined;

/**
 * One migrated template database for the whole run; every test database is a copy of it
 * (createTestDatabase). Its name reaches the test workers through the environment.
 */
export async function setup() {
  const serverUrl = testDatabaseUrl();
  if (!serverUrl) throw new Error("The PostgreSQL run needs TEST_DATABASE_URL (npm run test:postgres starts a server and sets it)");
  template = await createTemplateDatabase(serverUrl);
  process.env.TEST_DATABASE_TEMPLATE = template;
}

export async function teardown() {
  const serverUrl = testDatabaseUrl();
  if (serverUrl && template) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
}
