import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    databasePath: string;
  }
}

const root = path.resolve(__dirname, "../..");
let server: ChildProcess | undefined;
let dir: string | undefined;
let buildDir: string | undefined;

/** Builds the app once, seeds a temporary demo database and serves it on a free port. */
export async function setup(project: TestProject) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-e2e-"));
  const databasePath = path.join(dir, "tuttav.sqlite");
  const port = await freePort();
  // Inside the repo (git-ignored), so the server build finds node_modules.
  fs.mkdirSync(path.join(root, ".cache"), { recursive: true });
  buildDir = fs.mkdtempSync(path.join(root, ".cache", "e2e-build-"));
  const env = { ...process.env, BUILD_DIR: buildDir, DATABASE_PATH: databasePath, PORT: String(port), NODE_ENV: "test" as const };
  // Each run builds into its own folder, so runs in parallel never share a build.
  execFileSync("npx", ["remix", "build"], { cwd: root, env: { ...env, NODE_ENV: "production" }, stdio: "ignore" });
  execFileSync("npx", ["tsx", "scripts/setup.ts"], { cwd: root, env, stdio: "ignore" });
  server = spawn("node", ["scripts/server.mjs"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  server.stderr?.on("data", (chunk) => (log += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Server did not start:\n${log}`)), 30_000);
    server!.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("running at")) {
        clearTimeout(timer);
        resolve();
      }
    });
    server!.on("exit", (code) => reject(new Error(`Server exited with ${code}:\n${log}`)));
  });
  project.provide("baseURL", `http://127.0.0.1:${port}`);
  project.provide("databasePath", databasePath);
}

export async function teardown() {
  server?.kill();
  for (const folder of [dir, buildDir]) if (folder) fs.rmSync(folder, { recursive: true, force: true });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}
