/**
 * Outbox benchmark: `tsx scripts/bench/mail.ts [--messages 10000] [--connections 5] [--batch 20] [--sink apart|together] [--profile DIR] [--gc]`.
 *
 * A temporary SQLite database (migrated, reference data only) gets --messages queued messages,
 * 1 000 per transaction through the app's own `enqueue`: invitation-like letters (greeting,
 * paragraphs, when/where/bring facts, a journey, a private link, footer; ~1 KB of text and ~2.4 KB
 * of HTML), every fourth with an iTIP calendar entry. Then a worker process (this script with
 * `--role worker`: the app's `startMailWorker` with the app's pooled nodemailer SMTP transport,
 * --connections as in the app, default 5) drains them into a local SMTP sink that accepts
 * everything and counts Message-IDs. The sink runs apart from the worker by default (in this,
 * the parent process), so its CPU is not counted against the worker on this 2-core machine;
 * --sink together runs it inside the worker's process.
 *
 * `ms` is from the worker's start to the last message recorded as sent; `peak_mb` is the worker
 * process's peak resident memory (its high-water mark, VmHWM, which is at least every 20 ms
 * sample taken). Checks that every message is marked sent and reached the sink exactly once.
 * Progress lines go to stderr; the last line on stdout is JSON:
 * {"messages":…,"ms":…,"per_second":…,"peak_mb":…}.
 */
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createDb, migrateToLatest } from "#db/connection";
import { seedDatabase } from "#db/seed/index";
import { buildItip, type FeedEvent } from "~/domain/calendar";
import { renderLetter } from "~/domain/messages/letter";
import { DEFAULT_BATCH, startMailWorker } from "~/models/mailWorker.server";
import { enqueue } from "~/models/outbox.server";
import { writeTransaction } from "~/utils/db.server";
import { createMailTransport, type MailTransport } from "~/utils/mailTransport.server";

import { startSink } from "./lib/smtp-sink";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const MESSAGES = Number(arg("messages", "10000"));
const CONNECTIONS = Number(arg("connections", "5"));
const BATCH = Number(arg("batch", String(DEFAULT_BATCH)));
const SINK = arg("sink", "apart");
if (SINK !== "apart" && SINK !== "together") throw new Error("--sink must be apart or together");
const PER_TRANSACTION = 1_000;
const FROM = "Tuttav <info@tuttav.example>";
process.env.APP_ORIGIN ??= "https://tuttav.example";

/** The process's peak resident memory so far, in bytes (Linux /proc). */
function highWaterMark(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) * 1024 : process.memoryUsage().rss;
}

type WorkerReport = { handled: number; ms: number; peakBytes: number };

/** An invitation-like letter; every fourth one carries a calendar entry. */
function message(n: number, userId: number) {
  const token = Buffer.from(`bench-token-${n}-`.padEnd(32, "x")).toString("base64url").slice(0, 43);
  const letter = renderLetter({
    lang: "et",
    subject: `Kutse: Hubane nurk – Kärdla, ${1 + (n % 28)}. mai`,
    greeting: `Tere, osaleja ${n}!`,
    blocks: [
      { kind: "text", text: "Kutsume sind üritusele „Hubane nurk – Kärdla“ (Kärdla). Palun anna oma lehel teada, kas saad tulla: hoiame sulle kohta, kuni vastad." },
      {
        kind: "facts",
        rows: [
          { label: "Millal", value: "kolmapäev, 20. mai 2026, 13:00–15:00" },
          { label: "Kus", value: "Kärdla kohvik, Keskväljak 1, Kärdla" },
          { label: "Mida kaasa võtta", value: "Käsitöö: Вишиті рушники" },
        ],
      },
      { kind: "text", text: "Sinu teekond" },
      {
        kind: "list",
        items: [
          "Hakka kodust minema hiljemalt kell 08:24 (uksest ukseni umbes 4 t 36 min).",
          "Tartu → Rohuküla: sõit umbes 2 t 47 min",
          "Praam Rohuküla → Heltermaa: ole sadamas hiljemalt kell 11:11; praam väljub umbes kell 11:26 ja ülesõit kestab 75 min.",
          "Heltermaa → Kärdla: sõit umbes 19 min",
          "Viimane praam tagasi (Heltermaa → Rohuküla) väljub tavaliselt kell 19:45: palun vaata enne teeleasumist sõiduplaan üle.",
        ],
      },
      { kind: "action", label: "Vasta kutsele", url: `https://tuttav.example/me/${token}` },
      { kind: "text", text: "Hoia see kiri enda teada: igaüks, kellel on selle link, saab sinu lehe avada." },
    ],
    footer: ["Saad selle kirja, sest registreerusid Tuttavas, et sõita üritustele. Sinu andmed ja kutsed on sinu oma lehel; seal saad neid muuta või kustutada."],
  });
  const to = `osaleja-${n}@example.org`;
  const ics = n % 4 === 0 ? { method: "REQUEST" as const, content: itip(n, to) } : null;
  return { kind: "invitation" as const, recipient: { kind: "coordinator" as const, userId }, to, locale: "et" as const, letter, ics };
}

function itip(n: number, to: string): string {
  const event: FeedEvent = {
    id: 1 + (n % 500),
    title: "Hubane nurk – Kärdla",
    description: "See on kutse. Palun vasta sellele oma lehel.\n\nMida kaasa võtta: Käsitöö\n\nAadress: Kärdla kohvik, Keskväljak 1, Kärdla",
    startsAt: "2026-05-20T10:00:00.000Z",
    endsAt: "2026-05-20T12:00:00.000Z",
    state: "planned",
    sequence: 2,
    updatedAt: "2026-05-05T06:30:00.000Z",
    createdAt: "2026-05-05T06:30:00.000Z",
    location: { name: "Kärdla kohvik", address: "Keskväljak 1", town: "Kärdla", lat: 58.9978, lon: 22.7492 },
    url: `https://tuttav.example/events/${1 + (n % 500)}`,
    tentative: true,
  };
  return buildItip(event, {
    host: "tuttav.example",
    method: "REQUEST",
    organizer: { email: "info@tuttav.example", name: "Tuttav" },
    attendee: { email: to, name: `Osaleja ${n}`, partstat: "NEEDS-ACTION" },
    stampedAt: "2026-05-05T06:30:00.000Z",
  });
}

if (arg("role", "bench") === "worker") await runWorker();
else await runBench();

/** The parent: queues the messages, serves the sink (unless --sink together), runs the worker process, checks. */
async function runBench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-bench-mail-"));
  const file = path.join(dir, "bench.sqlite");
  const { db } = createDb(file);
  let sink: Awaited<ReturnType<typeof startSink>> | null = null;
  try {
    await migrateToLatest(db);
    await seedDatabase(db, { now: new Date(), demo: false });
    globalThis.__tuttavDb = db;
    const { id: userId } = await db
      .insertInto("user")
      .values({ email: "bench@tuttav.example", name: "Bench", password_hash: "x", role: "coordinator", created_at: new Date().toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();

    const tQueue = performance.now();
    for (let start = 0; start < MESSAGES; start += PER_TRANSACTION) {
      await writeTransaction(async (trx) => {
        for (let n = start; n < Math.min(MESSAGES, start + PER_TRANSACTION); n++) await enqueue(trx, message(n, userId));
      });
    }
    const sizes = await db
      .selectFrom("message")
      .select((eb) => [
        eb.fn.avg<number>(eb.fn("length", ["body_text"])).as("text"),
        eb.fn.avg<number>(eb.fn("length", ["body_html"])).as("html"),
        eb.fn.count<number>("ics").as("ics"),
      ])
      .executeTakeFirstOrThrow();
    console.error(
      `queued ${MESSAGES} messages in ${((performance.now() - tQueue) / 1000).toFixed(1)} s (${PER_TRANSACTION} per transaction): ` +
        `text ${Math.round(sizes.text)} B, HTML ${Math.round(sizes.html)} B on average, ${sizes.ics} with a calendar entry`,
    );

    if (SINK === "apart") sink = await startSink();
    const child = fork(fileURLToPath(import.meta.url), ["--role", "worker", "--database", file, "--port", String(sink?.port ?? 0), ...process.argv.slice(2)], {
      // --profile DIR: a V8 CPU profile of the worker process, to see where its time goes.
      execArgv: ["--import", "tsx", ...(process.argv.includes("--gc") ? ["--expose-gc"] : []), ...(arg("profile", "") ? ["--cpu-prof", "--cpu-prof-dir", arg("profile", "")] : [])],
      env: { ...process.env, DATABASE_PATH: file },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const report = await new Promise<WorkerReport & { sinkStats?: ReturnType<NonNullable<typeof sink>["stats"]> }>((resolve, reject) => {
      child.once("message", (message) => resolve(message as WorkerReport));
      child.once("exit", (code) => reject(new Error(`The worker exited with ${code} before reporting`)));
    });
    await new Promise((resolve) => child.once("exit", resolve));

    const states = await db
      .selectFrom("message")
      .select(["state", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("state")
      .execute();
    const received = sink ? sink.stats() : report.sinkStats!;
    console.error(
      `drained ${report.handled} in ${(report.ms / 1000).toFixed(2)} s; states ${states.map((s) => `${s.state} ${s.n}`).join(", ")}; ` +
        `the sink (${SINK === "apart" ? "apart from the worker" : "in the worker's process"}) got ${received.messages} messages (${received.distinct} distinct Message-IDs, ${(received.bytes / 1048576).toFixed(1)} MB)`,
    );
    const sent = Number(states.find((s) => s.state === "sent")?.n ?? 0);
    if (sent !== MESSAGES || received.messages !== MESSAGES || received.distinct !== MESSAGES) throw new Error("Not every message was delivered exactly once");

    console.log(
      JSON.stringify({
        messages: MESSAGES,
        ms: Math.round(report.ms),
        per_second: Math.round((MESSAGES * 1000) / report.ms),
        peak_mb: Math.round(report.peakBytes / 1048576),
        sink: SINK,
        connections: CONNECTIONS,
        batch: BATCH,
      }),
    );
  } finally {
    await sink?.close();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The worker process: the app's worker and transport, as the server or `npm run worker` runs them. */
async function runWorker() {
  const { db } = createDb(arg("database", ""));
  globalThis.__tuttavDb = db;
  const own = SINK === "together" ? await startSink() : null;
  const port = own?.port ?? Number(arg("port", "0"));
  console.error(`SMTP sink on port ${port} (${own ? "in the worker's process" : "apart"}); worker: batch ${BATCH}, ${CONNECTIONS} pooled connections`);

  // Counts what the mail server accepted, for the progress lines.
  const smtp = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM }, { maxConnections: CONNECTIONS });
  let accepted = 0;
  const transport: MailTransport = {
    kind: smtp.kind,
    async send(mail) {
      const outcome = await smtp.send(mail);
      if (outcome.ok) accepted += 1;
      return outcome;
    },
    close: () => smtp.close(),
  };

  const mb = (bytes: number) => Math.round(bytes / 1048576);
  const memory = () => {
    const m = process.memoryUsage();
    return `rss ${mb(m.rss)} MB (JS heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB, external ${mb(m.external)} MB)`;
  };
  console.error(`worker before draining: ${memory()}`);
  let peakRss = process.memoryUsage().rss;
  let atPeak = memory();
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    if (rss > peakRss) [peakRss, atPeak] = [rss, memory()];
  }, 20);
  let last = { at: performance.now(), accepted: 0 };
  const progress = setInterval(() => {
    const at = performance.now();
    console.error(`  ${accepted} / ${MESSAGES} accepted by the mail server, ${Math.round(((accepted - last.accepted) * 1000) / (at - last.at))}/s, ${memory()}`);
    last = { at, accepted };
  }, 1_000);

  const t0 = performance.now();
  const worker = startMailWorker({ transport, pollMs: 3_600_000, batch: BATCH });
  const handled = await worker.drain();
  const ms = performance.now() - t0;
  clearInterval(progress);
  clearInterval(sampler);
  await worker.stop();
  const peakBytes = Math.max(peakRss, highWaterMark());
  console.error(`worker: peak sampled ${atPeak}; high-water mark ${mb(highWaterMark())} MB`);
  if (global.gc) {
    global.gc();
    console.error(`worker after a full GC: ${memory()}`);
  }
  process.send!({ handled, ms, peakBytes, sinkStats: own?.stats() });
  await own?.close();
  await db.destroy();
  process.disconnect();
}
