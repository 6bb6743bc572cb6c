/**
 * `npx tsx scripts/import-participants.ts <file.csv>`: imports participants from a CSV file into
 * the database at DATABASE_PATH, all rows or none. Prints the same per-row report as the upload
 * page and exits with 1 when the file has errors (nothing is stored then).
 */
import fs from "node:fs";
import { parseArgs } from "node:util";

import { connect, databaseTarget, migrateToLatest } from "#db/connection";
import { IMPORT_COLUMNS, validateImport } from "~/schemas/participantImport";
import { LOCALES, type Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { listTownRefs } from "~/models/participant/formOptions.server";
import { importParticipants, listTakenEmails } from "~/models/participant/signup.server";
import { nowIso } from "~/utils/clock.server";
import { translateMessage } from "~/utils/validationMessages";

const HELP = `Usage: npx tsx scripts/import-participants.ts [--lang et|en|ru|uk] [--dry-run] <file.csv>

Imports participants from a CSV file (UTF-8; comma- or semicolon-separated; the first row names
the columns). Every row is checked like a sign-up on /join; if any row has a problem, nothing is
stored and every problem is listed by row and column. Only import people whose consent your
organisation holds: consent_at says when they gave it.

Columns (* = required; lists inside a cell are separated by ";"):
${IMPORT_COLUMNS.map((c) => `  ${c.required ? "*" : " "} ${c.name.padEnd(20)} e.g. ${c.example}`).join("\n")}

  languages          code:level, any ISO 639-1 code (sw, ln, …; prs for Dari),
                     levels native | fluent | conversational | basic
  offers             crafts | food | story | music | workshop | language_cafe | interpreting,
                     optionally offer:description
  weekdays           0 = Sunday, 1 = Monday … 6 = Saturday
  times_of_day       morning | afternoon | evening
  home_town          the town's name ("Kärdla") or short code ("kardla")

Options:
  --lang <code>   language of the report (default et)
  --dry-run       check the file only; store nothing
  --help          show this text

Environment: DATABASE_URL (PostgreSQL), else DATABASE_PATH (default data/tuttav.sqlite).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { lang: { type: "string", default: "et" }, "dry-run": { type: "boolean", default: false }, help: { type: "boolean", default: false } },
});

if (values.help || positionals.length !== 1) {
  console.log(HELP);
  process.exit(values.help ? 0 : 2);
}
const locale = ((LOCALES as readonly string[]).includes(values.lang!) ? values.lang : "et") as Locale;
const t = await i18next.getFixedT(locale);

const file = positionals[0];
let text: string;
try {
  text = new TextDecoder("utf-8", { fatal: true }).decode(fs.readFileSync(file));
} catch (error) {
  console.error((error as NodeJS.ErrnoException).code === "ENOENT" ? `${file}: no such file` : t("participantImport.error.notUtf8"));
  process.exit(1);
}

/** The database for messages: the SQLite file, or PostgreSQL's database name (never its password). */
const databaseName = () => {
  const target = databaseTarget();
  return target.kind === "sqlite" ? target.file : `PostgreSQL database ${new URL(target.url).pathname.slice(1)}`;
};
const db = connect();
globalThis.__tuttavDb = db;
let exitCode = 0;
try {
  await migrateToLatest(db);
  const towns = await listTownRefs();
  if (towns.length === 0) {
    console.error(`${databaseName()} has no towns yet: run \`npm run seed\` first.`);
    process.exitCode = 1;
  }
  const report = validateImport(text, { towns, takenEmails: await listTakenEmails(), now: nowIso() });
  const stored = report.ok && towns.length > 0 && !values["dry-run"] ? await importParticipants(report.rows, { kind: "system" }) : null;
  const errors = !report.ok ? report.errors : stored && !stored.ok ? stored.errors : [];
  if (errors.length > 0) {
    console.error(t("participantImport.nothingStored", { count: errors.length }));
    for (const e of errors) {
      const where = [e.row ? `${t("participantImport.row")} ${e.row}` : null, e.field || null].filter(Boolean).join(", ");
      console.error(`  ${where}: ${translateMessage(t, e.message)}`);
    }
    exitCode = 1;
  } else if (report.ok) {
    console.log(values["dry-run"] ? `OK: ${report.rows.length}` : t("participantImport.imported", { count: report.rows.length }));
  }
} finally {
  await db.destroy();
  globalThis.__tuttavDb = undefined;
}
process.exit(process.exitCode || exitCode);
