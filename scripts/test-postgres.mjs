// `npm run test:postgres [-- vitest args]`: the integration suite on PostgreSQL
// (test/postgres/vitest.config.ts), then the reliability suite on PostgreSQL, two app processes on
// one database included (test/reliability/vitest.postgres.config.ts; left out when vitest args pick tests). Uses TEST_DATABASE_URL when it is set; otherwise starts a
// throwaway PostgreSQL server (Debian's, from /usr/lib/postgresql/<version>/bin) in a temporary
// folder on a free port, runs the suite against it, then stops it and removes the folder, also on
// failure or Ctrl-C. PostgreSQL refuses to run as root, so as root the server runs as `postgres`.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const extraArgs = process.argv.slice(2);
const suites = [["test/postgres/vitest.config.ts", ...extraArgs], ...(extraArgs.length ? [] : [["test/reliability/vitest.postgres.config.ts"]])];

/** Runs the suites one after the other with this server URL; resolves to the first failing exit code, or 0. */
async function runSuite(url) {
  for (const [config, ...args] of suites) {
    const code = await runVitest(url, ["vitest", "run", "--config", config, ...args]);
    if (code !== 0) return code;
  }
  return 0;
}

/** One vitest run with this server URL; resolves to its exit code. */
function runVitest(url, vitestArgs) {
  return new Promise((resolve) => {
    const child = spawn("npx", vitestArgs, { cwd: root, stdio: "inherit", env: { ...process.env, TEST_DATABASE_URL: url } });
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** The newest installed PostgreSQL's bin folder, or null. */
function findPostgres() {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], "bin") : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

if (process.env.TEST_DATABASE_URL) {
  process.exit(await runSuite(process.env.TEST_DATABASE_URL));
}

const bin = findPostgres();
if (!bin) {
  console.error("PostgreSQL was not found under /usr/lib/postgresql/*/bin; the PostgreSQL tests need it.");
  console.error("Install it with:  apt-get install -y postgresql   (or set TEST_DATABASE_URL to a server of yours)");
  process.exit(1);
}

const asRoot = process.getuid?.() === 0;
/** Runs a PostgreSQL program, as the `postgres` user when we are root. */
function pg(program, args, options = {}) {
  const command = asRoot ? "runuser" : path.join(bin, program);
  const fullArgs = asRoot ? ["-u", "postgres", "--", path.join(bin, program), ...args] : args;
  return execFileSync(command, fullArgs, { stdio: ["ignore", "pipe", "pipe"], ...options });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-pg-"));
const data = path.join(dir, "data");
const log = path.join(dir, "server.log");
if (asRoot) {
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  fs.chownSync(dir, uid, gid);
}

let started = false;
let cleanedUp = false;
function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  if (started) {
    try {
      pg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch (error) {
      console.error(`Could not stop the test PostgreSQL server: ${error.message}`);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
process.on("exit", cleanUp);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

let code = 1;
try {
  const port = await freePort();
  pg("initdb", ["-D", data, "--locale=C.UTF-8", "-E", "UTF8", "-A", "trust", "-U", "postgres"]);
  // A throwaway server: durability settings off, it is removed afterwards.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  pg("pg_ctl", ["-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start"]);
  started = true;
  const startedAt = process.hrtime.bigint();
  console.log(`PostgreSQL test server (${bin}) on 127.0.0.1:${port}`);
  code = await runSuite(`postgres://postgres@127.0.0.1:${port}/postgres`);
  console.log(`PostgreSQL run: ${Number((process.hrtime.bigint() - startedAt) / 1_000_000_000n)} s`);
} catch (error) {
  console.error(`The PostgreSQL test server failed: ${error.message}`);
  if (error.stderr) console.error(String(error.stderr));
  if (fs.existsSync(log)) console.error(fs.readFileSync(log, "utf8"));
} finally {
  cleanUp();
}
process.exit(code);
