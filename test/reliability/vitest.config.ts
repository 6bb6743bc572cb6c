import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

// Reliability tests: crash recovery and concurrency against real processes; slower, run apart.
// One build for the run (global-setup.ts), served by every file.
export default defineConfig({
  root,
  resolve: { alias: { "~": `${root}app`, "#db": `${root}db` } },
  test: {
    include: ["test/reliability/**/*.test.ts"],
    // Several processes on one PostgreSQL database: vitest.postgres.config.ts runs it.
    exclude: [...configDefaults.exclude, "test/reliability/two-processes.test.ts"],
    globalSetup: ["test/reliability/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
