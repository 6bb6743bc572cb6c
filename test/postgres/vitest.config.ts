import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

// The integration suite again, on PostgreSQL: the same files, with TEST_DATABASE_URL set, so
// createTestDatabase (test/helpers/db.ts) gives each test a fresh PostgreSQL database copied
// from one migrated template. `npm run test:postgres` (scripts/test-postgres.mjs) starts a
// throwaway server when TEST_DATABASE_URL is not set.
export default defineConfig({
  root,
  resolve: { alias: { "~": `${root}app`, "#db": `${root}db` } },
  test: {
    include: ["test/integration/**/*.test.ts", "test/postgres/**/*.test.ts"],
    exclude: [
      // SQLite by nature, each for the reason given:
      "test/integration/backup.test.ts", // copies and restores the SQLite file (PostgreSQL: pg_dump/pg_restore)
      "test/integration/statement-cache.test.ts", // better-sqlite3's prepared-statement cache
    ],
    globalSetup: ["test/postgres/global-setup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    poolOptions: { forks: { minForks: 1, maxForks: 2 } },
  },
});
