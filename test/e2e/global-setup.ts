import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { TestProject } from "vitest/node";

import { freePort, root, startServer, testBuild } from "../helpers/server";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    databasePath: string;
    /** The served app's mail outbox (MAIL_OUTBOX_PATH), for flows whose link goes by e-mail. */
    outboxPath: string;
  }
}

let server: ChildProcess | undefined;
let dir: string | undefined;
let build: ReturnType<typeof testBuild> | undefined;

/** Builds the app once, seeds a temporary demo database and serves it on a free port. */
export async function setup(project: TestProject) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-e2e-"));
  const databasePath = path.join(dir, "tuttav.sqlite");
  const port = await freePort();
  // The served app writes its mail here (read through the server's environment), not into the repo's data/.
  const outboxPath = path.join(dir, "outbox.jsonl");
  process.env.MAIL_OUTBOX_PATH = outboxPath;
  build = testBuild("e2e");
  execFileSync("npx", ["tsx", "scripts/setup.ts"], { cwd: root, env: { ...process.env, DATABASE_PATH: databasePath, PORT: String(port), NODE_ENV: "test" }, stdio: "ignore" });
  // The browser visits 127.0.0.1, so that is the app's trusted origin here: links it builds (mail, feeds, subscribe links) point there.
  const baseURL = `http://127.0.0.1:${port}`;
  server = await startServer({ buildDir: build.buildDir, database: { DATABASE_PATH: databasePath }, port, env: { APP_ORIGIN: baseURL } });
  project.provide("baseURL", baseURL);
  project.provide("databasePath", databasePath);
  project.provide("outboxPath", outboxPath);
}

export async function teardown() {
  server?.kill();
  build?.remove();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
