import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

// The reliability tests on PostgreSQL: the same files as vitest.config.ts, with TEST_DATABASE_URL
// set, so createTestDatabase (test/helpers/db.ts) gives each a fresh database copied from one
// migrated template (test/postgres/global-setup.ts), and two-processes.test.ts, several app
// processes on one database. Needs TEST_DATABASE_URL (a server on which they may create and drop
// databases); `npm run test:postgres` starts one.
export default defineConfig({
  root,
  resolve: { alias: { "~": `${root}app`, "#db": `${root}db` } },
  test: {
    include: ["test/reliability/**/*.test.ts"],
    globalSetup: ["test/postgres/global-setup.ts", "test/reliability/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
