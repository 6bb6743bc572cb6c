/**
 * `npm run worker`: the outbox worker alone (see app/models/mailWorker.server.ts), for running it
 * apart from the web server (start the server with MAIL_WORKER=off then, or keep both: two
 * workers never send one message twice). Uses the same DATABASE_PATH, SMTP_URL and MAIL_FROM.
 * Stops on SIGTERM or SIGINT after recording the batch under way.
 */
import { startMailer } from "~/models/mailWorker.server";
import { mailPolicy } from "~/utils/mailTransport.server";

let settings;
try {
  settings = mailPolicy();
} catch (error) {
  console.error(`Tuttav worker cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const worker = startMailer();
console.log(`Tuttav mail worker ${worker.id} is running (${settings.smtpUrl ? "SMTP" : "keeping messages for /admin/outbox: no SMTP_URL"})`);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void worker.stop().then(() => process.exit(0));
  });
}
