// `npm start`: migrate (and, for the demo, seed), build, serve. The server always runs React's
// production build (NODE_ENV=production); unless NODE_ENV=production was set by whoever ran
// `npm start`, it runs as the demo (TUTTAV_DEMO=1: demo data, plain HTTP on localhost, no
// APP_ORIGIN/SMTP_URL/SESSION_SECRET needed). See isProduction() in app/utils/env.server.ts.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const demo = process.env.NODE_ENV !== "production" || process.env.TUTTAV_DEMO === "1";
const env = { ...process.env, NODE_ENV: "production", ...(demo ? { TUTTAV_DEMO: "1" } : {}) };

for (const [command, args] of [
  [bin("tsx"), ["scripts/setup.ts"]],
  [bin("remix"), ["build"]],
]) {
  const { status } = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (status !== 0) process.exit(status ?? 1);
}

const server = spawn(process.execPath, ["scripts/server.mjs"], { cwd: root, env, stdio: "inherit" });
// Ctrl-C reaches the server itself (same process group); a SIGTERM sent to this process is passed on.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => server.kill("SIGTERM"));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
