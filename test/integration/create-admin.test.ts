import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type DB } from "#db/connection";
import { action as loginAction } from "~/routes/_public.login";
import "~/utils/db.server";

import { formRequest, settle } from "../helpers/requests";
import { root } from "../helpers/server";

let dir: string;
let file: string;
let db: DB | undefined;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-create-admin-"));
  file = path.join(dir, "fresh", "tuttav.sqlite");
});
afterAll(async () => {
  await db?.destroy();
  globalThis.__tuttavDb = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm run create-admin -- …args` as production would, with `input` piped to its stdin. */
function createAdmin(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["scripts/create-admin.ts", ...args], {
      cwd: root,
      // Production: no demo data and no SESSION_SECRET needed to make an account.
      env: { ...process.env, DATABASE_PATH: file, NODE_ENV: "production", SESSION_SECRET: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const users = () => db!.selectFrom("user").select(["email", "name", "role", "disabled_at"]).execute();

describe("npm run create-admin", () => {
  it("migrates a new database and creates an admin who can then log in", { timeout: 60_000 }, async () => {
    expect(fs.existsSync(file)).toBe(false);
    const run = await createAdmin(["--email", "Juhataja@Example.org", "--name", "Mari Maasikas"], "saare kohvik ja kaneelisai\n");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("juhataja@example.org");

    db = createDb(file).db;
    globalThis.__tuttavDb = db;
    expect(await users()).toEqual([{ email: "juhataja@example.org", name: "Mari Maasikas", role: "admin", disabled_at: null }]);
    const audit = await db.selectFrom("audit_log").select(["action", "actor_kind"]).execute();
    expect(audit).toEqual([{ action: "user.create", actor_kind: "system" }]);
    const login = await settle(() =>
      loginAction({ request: formRequest("/login", { email: "juhataja@example.org", password: "saare kohvik ja kaneelisai", redirectTo: "/admin" }), params: {}, context: {} }),
    );
    expect(login.status).toBe(302);
    expect(login.headers.get("Location")).toBe("/admin");
  });

  it("refuses a weak password, a taken e-mail or a missing/invalid e-mail with a clear message and exit code 1, and creates nothing", { timeout: 120_000 }, async () => {
    const cases: [string[], string, RegExp][] = [
      [["--email", "teine@example.org"], "lühike\n", /at least 12 characters/i],
      [["--email", "teine@example.org"], "password2024!\n", /common/i],
      [["--email", "teine@example.org"], "\n", /no password/i],
      [["--email", "juhataja@example.org"], "veel yks pikk parool\n", /already exists/i],
      [["--email", "not-an-email"], "veel yks pikk parool\n", /e-mail/i],
      [[], "veel yks pikk parool\n", /--email/],
    ];
    for (const [args, input, message] of cases) {
      const run = await createAdmin(args, input);
      expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(1);
      expect(run.stderr, args.join(" ")).toMatch(message);
    }
    db ??= createDb(file).db;
    expect((await users()).map((u) => u.email)).toEqual(["juhataja@example.org"]);
  });
});
