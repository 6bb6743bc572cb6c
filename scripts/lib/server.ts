/** The built app served by scripts/server.mjs, for tests and benchmarks that talk to it over HTTP. */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root, where npx, scripts/ and node_modules are found. */
export const root = fileURLToPath(new URL("../..", import.meta.url));

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

/** Runs `remix build` into a new folder .cache/<name>-build-*, and returns that folder. */
export function buildApp(name: string): string {
  // Inside the repo (git-ignored), so the server build finds node_modules; a folder per run, so
  // runs in parallel never share a build.
  fs.mkdirSync(path.join(root, ".cache"), { recursive: true });
  const buildDir = fs.mkdtempSync(path.join(root, ".cache", `${name}-build-`));
  try {
    execFileSync("npx", ["remix", "build"], { cwd: root, env: { ...process.env, BUILD_DIR: buildDir, NODE_ENV: "production" }, stdio: "ignore" });
  } catch (error) {
    // The caller never learns the folder's name, so it cannot clean it up.
    fs.rmSync(buildDir, { recursive: true, force: true });
    throw error;
  }
  return buildDir;
}

/**
 * The build a test run serves: the one in TEST_BUILD_DIR (made once for all of `npm test`, see
 * scripts/test.mjs; used as it is and left in place), or a new one of its own, which `remove`
 * deletes afterwards.
 */
export function testBuild(name: string): { buildDir: string; remove: () => void } {
  const given = process.env.TEST_BUILD_DIR?.trim();
  if (given) {
    const buildDir = path.resolve(root, given);
    if (!fs.existsSync(path.join(buildDir, "server", "index.js"))) throw new Error(`TEST_BUILD_DIR=${given} holds no build (server/index.js is missing)`);
    return { buildDir, remove: () => {} };
  }
  const buildDir = buildApp(name);
  return { buildDir, remove: () => fs.rmSync(buildDir, { recursive: true, force: true }) };
}

/** The database a server process uses: a SQLite file or a PostgreSQL database (test/helpers/db.ts's TestDatabase["env"]). */
export type DatabaseEnv = { DATABASE_PATH: string } | { DATABASE_URL: string };

/**
 * Serves a build over a database on 127.0.0.1:port; resolves once the server says it is running,
 * rejects with its stderr if it exits first or takes over 30 seconds (then it is stopped).
 */
export async function startServer(options: { buildDir: string; database: DatabaseEnv; port: number; env?: Record<string, string>; script?: string }): Promise<ChildProcess> {
  // Only the database given: one named in this process's environment must not reach the server.
  const { DATABASE_PATH: _path, DATABASE_URL: _url, ...inherited } = process.env;
  // `env` adds to or overrides these, e.g. NODE_ENV=production with its required settings.
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    BUILD_DIR: options.buildDir,
    ...options.database,
    PORT: String(options.port),
    HOST: "127.0.0.1",
    NODE_ENV: "test",
    ...options.env,
  };
  // `script`: another server.mjs (the benchmark measures an old one against the new).
  const server = spawn("node", [options.script ?? "scripts/server.mjs"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  server.stderr?.on("data", (chunk) => (log += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // The caller never gets this process, so it could not stop it.
      server.kill();
      reject(new Error(`Server did not start:\n${log}`));
    }, 30_000);
    server.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("running at")) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.on("exit", (code) => reject(new Error(`Server exited with ${code}:\n${log}`)));
  });
  return server;
}
