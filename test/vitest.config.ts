import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  resolve: {
    alias: {
      "~": `${root}app`,
      "#db": `${root}db`,
    },
  },
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    // CI and the developers' machines have 2 cores: two forked workers, one file each at a time.
    // No file may keep its worker busy for minutes (vitest's worker RPC would time out), so long
    // corpora are split over files and yield to the event loop between batches.
    pool: "forks",
    poolOptions: { forks: { minForks: 1, maxForks: 2 } },
  },
});
