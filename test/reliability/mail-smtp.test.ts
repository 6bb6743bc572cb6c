/**
 * Mail from the real processes (issue 15): the production build behind scripts/server.mjs, with
 * SMTP_URL pointing at an SMTP server in this test, and `npm run worker` processes. A sign-up's
 * welcome arrives; what a server without its worker (MAIL_WORKER=off) committed before a SIGKILL
 * is sent after the restart; a welcome that was being handed to a slow mail server when the server
 * was killed is sent once the dead server's claim runs out (MAIL_LEASE_SECONDS, shortened here to
 * 15 s); two worker processes on one database send each message exactly once. On SQLite or, with
 * TEST_DATABASE_URL, on PostgreSQL. Arrival is polled for with generous deadlines; no timing is
 * asserted.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { renderLetter } from "~/domain/messages/letter";
import { enqueue } from "~/models/outbox.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { signUpFields } from "../helpers/forms";
import { freePort, root, startServer } from "../helpers/server";
import { startSmtpSink, type ReceivedMail, type SmtpSink } from "../helpers/smtp";

/** The servers' claim length here (MAIL_LEASE_SECONDS): long enough for a slow send, short enough not to wait minutes. */
const LEASE_SECONDS = 15;

const ORIGIN = "https://tuttav.example";
const FROM = "Tuttav <info@tuttav.example>";
const WELCOME_UK = (JSON.parse(fs.readFileSync(path.join(root, "app/i18n/locales/uk/messages.json"), "utf8")) as { message: { welcome: { subject: string } } }).message.welcome
  .subject;

let dir: string;
let buildDir: string;
let test: TestDatabase;
let sink: SmtpSink;
let server: ChildProcess | undefined;
let baseURL: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-mail-"));
  buildDir = inject("buildDir");
  test = await createTestDatabase();
  sink = await startSmtpSink();
});

afterAll(async () => {
  server?.kill("SIGKILL");
  await sink?.close();
  await test?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts the server (again) on the same database, mailing through the test's SMTP server. */
async function start(env: Record<string, string> = {}) {
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  server = await startServer({
    buildDir,
    database: test.env,
    port,
    // Every post comes from its own address (TRUST_PROXY), so the sign-up form's per-address limit stays out of the way.
    // A short claim (MAIL_LEASE_SECONDS) so that a killed server's messages are taken over within seconds, not LEASE_MS.
    env: {
      SMTP_URL: sink.url,
      MAIL_FROM: FROM,
      APP_ORIGIN: ORIGIN,
      TRUST_PROXY: "1",
      MAIL_OUTBOX_PATH: path.join(dir, "outbox.jsonl"),
      MAIL_LEASE_SECONDS: String(LEASE_SECONDS),
      ...env,
    },
  });
}

/** Kills the server with SIGKILL and waits until it is gone. */
async function kill() {
  const victim = server!;
  if (victim.exitCode !== null || victim.signalCode !== null) return;
  const exited = new Promise((resolve) => victim.once("exit", resolve));
  victim.kill("SIGKILL");
  await exited;
}

let address = 0;
function post(url: string, fields: Record<string, string | string[]>): Promise<Response> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  address += 1;
  return fetch(`${baseURL}${url}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `10.9.${(address >> 8) & 255}.${address & 255}` },
    body,
  });
}

const signUp = (email: string) => post("/join", signUpFields({ email }));
const mailTo = (email: string): ReceivedMail[] => sink.received.filter((mail) => mail.recipients.includes(email));

/** Polls until `done()` holds; fails with `what` after `timeoutMs`. No timing is asserted, only arrival. */
async function eventually(done: () => boolean | Promise<boolean>, timeoutMs: number, what: () => string | Promise<string>) {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`Not within ${timeoutMs} ms: ${await what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const welcomeRows = (emails: string[]) =>
  test.db
    .selectFrom("message as m")
    .innerJoin("participant as p", "p.id", "m.participant_id")
    .select(["m.message_id", "m.state", "p.email"])
    .where("m.kind", "=", "welcome")
    .where("p.email", "in", emails)
    .$narrowType<{ email: string }>()
    .execute();

describe("mail from the real server", () => {
  it("sends a sign-up's welcome through SMTP, with a link built from APP_ORIGIN that opens their page", async () => {
    await start();
    const email = "tere-tulemast@example.org";
    const response = await signUp(email);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/join?sent=1");
    await eventually(
      async () => (await welcomeRows([email]))[0]?.state === "sent",
      60_000,
      async () => `the welcome to ${email}: ${JSON.stringify(await welcomeRows([email]))}`,
    );
    const [welcome] = mailTo(email);
    expect(welcome.subject).toBe(WELCOME_UK);
    expect(welcome.html).toContain('<html lang="uk">');
    const link = /https?:\/\/\S+\/me\/([A-Za-z0-9_-]{43})\?lng=uk/.exec(welcome.text);
    expect(link?.[0].startsWith(`${ORIGIN}/me/`)).toBe(true);
    // The same path on this server is their page.
    const page = await fetch(`${baseURL}/me/${link![1]}?lng=uk`);
    expect(page.status).toBe(200);
    await page.arrayBuffer();
    expect(await welcomeRows([email])).toEqual([{ message_id: welcome.messageId, state: "sent", email }]);
  });

  it("sends after a restart what a server without its worker (MAIL_WORKER=off) committed before it was killed", async () => {
    await kill();
    await start({ MAIL_WORKER: "off" });
    const emails = ["ootel-1@example.org", "ootel-2@example.org", "ootel-3@example.org"];
    for (const email of emails) expect((await signUp(email)).status).toBe(302);
    // Committed, not sent: no worker runs in this server.
    expect((await welcomeRows(emails)).map((row) => row.state)).toEqual(["pending", "pending", "pending"]);
    await kill();
    expect(emails.flatMap(mailTo)).toEqual([]);

    await start();
    await eventually(
      async () => (await welcomeRows(emails)).every((row) => row.state === "sent"),
      60_000,
      async () => JSON.stringify(await welcomeRows(emails)),
    );
    const rows = await welcomeRows(emails);
    expect(rows).toHaveLength(emails.length);
    for (const row of rows) {
      expect(mailTo(row.email).map((mail) => mail.messageId)).toEqual([row.message_id]);
    }
  });

  it(
    "sends a welcome that was being handed to the mail server when the server was killed, after the claim runs out, with the same Message-ID",
    async () => {
      // A slow mail server: the welcomes are still being handed over when the server dies.
      sink.slowDown(2_000);
      const emails = Array.from({ length: 6 }, (_, i) => `kiire-${i}@example.org`);
      for (const email of emails) expect((await signUp(email)).status).toBe(302);
      await eventually(
        () => sink.inFlight() > 0,
        30_000,
        () => "a welcome on its way to the mail server",
      );
      await kill();
      sink.slowDown(0);
      // The mail server never said yes to what was in flight: nothing of it is kept.
      await eventually(
        () => sink.inFlight() === 0,
        30_000,
        () => "the mail server dropping the half-sent messages",
      );
      const atKill = await welcomeRows(emails);
      // The killed server had claimed at least the one in flight; its claim holds for LEASE_SECONDS.
      expect(atKill.filter((row) => row.state === "sending").length).toBeGreaterThan(0);
      const arrivedBefore = new Map(emails.map((email) => [email, mailTo(email).length]));

      await start();
      await eventually(
        async () => (await welcomeRows(emails)).every((row) => row.state === "sent"),
        LEASE_SECONDS * 1000 + 120_000,
        async () => JSON.stringify(await welcomeRows(emails)),
      );
      for (const row of await welcomeRows(emails)) {
        const mails = mailTo(row.email);
        // Once per claim: at most the copy accepted before the kill and the one after, never another message.
        expect(mails.length, row.email).toBeGreaterThanOrEqual(1);
        expect(mails.length, row.email).toBeLessThanOrEqual((arrivedBefore.get(row.email) ?? 0) + 1);
        expect([...new Set(mails.map((mail) => mail.messageId))], row.email).toEqual([row.message_id]);
      }
      const claimedAtKill = atKill.filter((row) => row.state === "sending").map((row) => row.email);
      const tries = await test.db
        .selectFrom("message as m")
        .innerJoin("participant as p", "p.id", "m.participant_id")
        .select(["p.email", "m.tries"])
        .where("m.kind", "=", "welcome")
        .execute();
      for (const email of claimedAtKill) expect(tries.find((t) => t.email === email)?.tries, email).toBe(2);
      await kill();
    },
    LEASE_SECONDS * 1000 + 240_000,
  );
});

describe("two `npm run worker` processes on one database", () => {
  it("deliver each of 300 messages exactly once", async () => {
    const db = test.db;
    const { id: userId } = await db
      .insertInto("user")
      .values({ email: "koordinaator@tuttav.example", name: "K", password_hash: "x", role: "coordinator", created_at: new Date().toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const ids: number[] = [];
    for (let batch = 0; batch < 3; batch++) {
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < 100; i++) {
          const n = batch * 100 + i;
          const letter = renderLetter({ lang: "et", subject: `Kiri ${n}`, greeting: "Tere!", blocks: [{ kind: "text", text: `See on kiri number ${n}.` }], footer: ["Test."] });
          const id = await enqueue(trx, { kind: "digest", recipient: { kind: "coordinator", userId }, to: `kaks-${n}@tuttav.example`, locale: "et", letter });
          ids.push(id!);
        }
      });
    }
    const messageIds = (await db.selectFrom("message").select("message_id").where("id", "in", ids).execute()).map((row) => row.message_id);

    const before = sink.received.length;
    const tsx = path.join(root, "node_modules/.bin/tsx");
    const workers = [0, 1].map(() =>
      spawn(tsx, ["scripts/worker.ts"], {
        cwd: root,
        env: { ...process.env, ...test.env, SMTP_URL: sink.url, MAIL_FROM: FROM, APP_ORIGIN: ORIGIN, NODE_ENV: "test" },
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    const logs = workers.map((worker) => {
      const log = { text: "" };
      worker.stdout?.on("data", (chunk) => (log.text += chunk));
      worker.stderr?.on("data", (chunk) => (log.text += chunk));
      return log;
    });
    try {
      const counts = () => sink.countByMessageId();
      await eventually(
        () => messageIds.every((id) => counts().has(id)),
        120_000,
        () => `${messageIds.filter((id) => !counts().has(id)).length} of 300 still missing\n${logs.map((l) => l.text).join("\n")}`,
      );
      // Both have recorded everything (no row is still being sent).
      await eventually(
        async () => {
          const sent = await db
            .selectFrom("message")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("id", "in", ids)
            .where("state", "=", "sent")
            .executeTakeFirstOrThrow();
          return Number(sent.n) === 300;
        },
        60_000,
        () => "rows not yet recorded as sent",
      );
    } finally {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise((resolve) => {
              worker.once("exit", resolve);
              worker.kill("SIGTERM");
            }),
        ),
      );
    }
    for (const log of logs) expect(log.text).toMatch(/mail worker \S+ is running \(SMTP\)/);
    const counts = sink.countByMessageId();
    expect(messageIds.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect(sink.received.length - before).toBe(300);
    const tries = await db.selectFrom("message").select("tries").distinct().where("id", "in", ids).execute();
    expect(tries.map((row) => row.tries)).toEqual([1]);
  });
});
