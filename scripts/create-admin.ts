/**
 * `npm run create-admin -- --email a@b.ee [--name "Mari Maasikas"]`: creates an administrator,
 * e.g. the first account of a production database (which gets no demo data). Migrates the
 * database first (DATABASE_PATH). On a terminal it asks for the password twice without showing
 * it; otherwise it reads the first line of stdin:
 *
 *   printf '%s\n' "$PASSWORD" | npm run create-admin -- --email a@b.ee
 *
 * The password must pass the same policy as in the app. A weak password, an invalid or taken
 * e-mail or a wrong argument is refused with a message and exit code 1; nothing is created then.
 */
import { parseArgs } from "node:util";

import { connect, databaseTarget, migrateToLatest, type DB } from "#db/connection";
import { resources } from "~/i18n/resources";
import { createCoordinatorAccount } from "~/models/user.server";
import { NewUserSchema } from "~/schemas/user";
import "~/utils/db.server";

const USAGE = 'Usage: npm run create-admin -- --email name@example.org [--name "Full Name"]';

/** The English text of an i18n key (the messages the app shows next to the form fields). */
function english(key: string): string {
  const text = key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), resources.en.translation);
  return typeof text === "string" ? text : key;
}

/** A refusal the person running the script can fix: its message, and exit code 1. */
class Refusal extends Error {}

function fail(message: string): never {
  throw new Refusal(message);
}

const FIELD_LABELS: Record<string, string> = { email: "--email", name: "--name", password: "Password" };

/** Reads a line from the terminal without echoing it. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve) => {
    let value = "";
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n" || char === "\u0004") {
          stdin.off("data", onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stdout.write("\n");
          resolve(value);
          return;
        }
        if (char === "\u0003") {
          stdin.setRawMode(false);
          process.stdout.write("\n");
          process.exit(130);
        }
        if (char === "\u007f" || char === "\b") value = Array.from(value).slice(0, -1).join("");
        // Other control characters (arrow keys and the like) are not part of a password.
        else if (char >= " ") value += char;
      }
    };
    stdin.on("data", onData);
  });
}

/** The first line of piped stdin. */
async function readFirstLine(): Promise<string> {
  let data = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) {
    data += chunk;
    if (data.includes("\n") || data.length > 10_000) break;
  }
  return data.split(/\r?\n/)[0];
}

async function main() {
  let args: { email?: string; name?: string };
  try {
    args = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } }, strict: true }).values;
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (!args.email) fail(`--email is required.\n${USAGE}`);

  const target = databaseTarget();
  // Named for the messages: the SQLite file, or PostgreSQL's database (never its password).
  const file = target.kind === "sqlite" ? target.file : `PostgreSQL database ${new URL(target.url).pathname.slice(1)}`;
  const db = connect(target);
  globalThis.__tuttavDb = db;
  try {
    await createAdmin(db, file, { email: args.email, name: args.name });
  } finally {
    await db.destroy();
    globalThis.__tuttavDb = undefined;
  }
}

async function createAdmin(db: DB, file: string, args: { email: string; name?: string }) {
  const applied = await migrateToLatest(db);
  if (applied.length) console.log(`Database ${file} migrated: ${applied.join(", ")}`);

  let password: string;
  if (process.stdin.isTTY) {
    password = await readHidden("Password (at least 12 characters): ");
    const again = await readHidden("The same password again: ");
    if (password !== again) fail(english("validation.passwordMismatch"));
  } else {
    password = await readFirstLine();
  }
  if (!password) fail("No password was given (on a terminal it is asked for; otherwise the first line of stdin).");

  const parsed = NewUserSchema.safeParse({ name: args.name ?? "Administrator", email: args.email, role: "admin", password, passwordAgain: password });
  if (!parsed.success) {
    fail(parsed.error.issues.map((issue) => `${FIELD_LABELS[String(issue.path[0])] ?? "Password"}: ${english(issue.message)}`).join("\n"));
  }
  const created = await createCoordinatorAccount(parsed.data, { kind: "system" });
  if (!created) fail(`${english("validation.emailTaken")} (${parsed.data.email.toLowerCase()})`);
  console.log(`Administrator ${parsed.data.email.toLowerCase()} (${parsed.data.name}) created in ${file}. They can log in at /login.`);
}

try {
  await main();
} catch (error) {
  if (!(error instanceof Refusal)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
