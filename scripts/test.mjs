// `npm test`: every check and every test suite, stopping at the first that fails, then each step's
// time. The typecheck, ESLint, Prettier and the app's build run side by side (each uses one core);
// the suites then run one after the other, and the browser and reliability suites serve that one
// build (TEST_BUILD_DIR) instead of building their own. The build is removed at the end, also on
// failure or Ctrl-C.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
fs.mkdirSync(path.join(root, ".cache"), { recursive: true });
const buildDir = fs.mkdtempSync(path.join(root, ".cache", "test-build-"));

const vitest = (config) => ["npx", "vitest", "run", "--config", config];
const steps = [
  [{ name: "Chromium is there", command: ["node", "scripts/check-chromium.mjs"] }],
  [
    { name: "typecheck", command: ["npx", "tsc"] },
    { name: "lint", command: ["npx", "eslint", "."] },
    { name: "format", command: ["npx", "prettier", "--check", "."] },
    { name: "build", command: ["npx", "remix", "build"], env: { BUILD_DIR: buildDir, NODE_ENV: "production" } },
  ],
  [{ name: "unit and integration (SQLite)", command: vitest("test/vitest.config.ts") }],
  [{ name: "integration and reliability (PostgreSQL)", command: ["node", "scripts/test-postgres.mjs"] }],
  [{ name: "browser", command: vitest("test/e2e/vitest.config.ts") }],
  [{ name: "reliability (SQLite)", command: vitest("test/reliability/vitest.config.ts") }],
];

const running = new Set();
let cleanedUp = false;
function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const child of running) child.kill("SIGTERM");
  fs.rmSync(buildDir, { recursive: true, force: true });
}
process.on("exit", cleanUp);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

/**
 * Runs one step; resolves to its exit code. Alone, it writes straight to the terminal; beside
 * others, its output is kept and written whole when it ends, so the steps' lines do not mix.
 */
function run(step, alone) {
  return new Promise((resolve) => {
    const [program, ...args] = step.command;
    const child = spawn(program, args, {
      cwd: root,
      env: { ...process.env, TEST_BUILD_DIR: buildDir, ...step.env },
      stdio: alone ? "inherit" : ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    const output = [];
    child.stdout?.on("data", (chunk) => output.push(chunk));
    child.stderr?.on("data", (chunk) => output.push(chunk));
    child.on("exit", (code, signal) => {
      running.delete(child);
      const status = code ?? (signal ? 1 : 0);
      if (!alone) {
        console.log(`\n── ${step.name} ${status === 0 ? "passed" : `failed (exit ${status})`}`);
        const text = Buffer.concat(output).toString("utf8").trim();
        if (text) console.log(text);
      }
      resolve(status);
    });
  });
}

const times = [];
let failed = null;
const started = Date.now();
for (const group of steps) {
  const groupStarted = Date.now();
  const codes = await Promise.all(group.map((step) => run(step, group.length === 1)));
  times.push([group.map((s) => s.name).join(", "), Date.now() - groupStarted]);
  const failing = group.filter((_, i) => codes[i] !== 0);
  if (failing.length) {
    failed = failing.map((s) => s.name).join(", ");
    break;
  }
}

console.log("\nnpm test, step by step:");
for (const [name, ms] of times) console.log(`  ${String(Math.round(ms / 1000)).padStart(4)} s  ${name}`);
console.log(`  ${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s  in all`);
if (failed) console.error(`\nFailed: ${failed}`);
cleanUp();
process.exit(failed ? 1 : 0);
