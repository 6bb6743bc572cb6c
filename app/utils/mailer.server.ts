import fs from "node:fs";
import path from "node:path";

import { nowIso } from "./clock.server";
import { isProduction } from "./env.server";

export type Mail = { to: string; subject: string; text: string };

/** Where messages go until a real mail transport exists: one JSON object per line. */
export function outboxPath(): string {
  return path.resolve(process.env.MAIL_OUTBOX_PATH || "data/outbox.jsonl");
}

/**
 * Sends an e-mail. There is no mail transport yet: outside production the message is appended to
 * the outbox file (MAIL_OUTBOX_PATH) so people trying the app and the tests can read it; in
 * production it is not sent, and the log says so without the message (it may hold a secret link).
 */
export async function sendMail(mail: Mail): Promise<void> {
  if (isProduction()) {
    console.warn(`mail: no mail transport configured; a message to ${mask(mail.to)} was not sent`);
    return;
  }
  const file = outboxPath();
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await fs.promises.appendFile(file, JSON.stringify({ at: nowIso(), ...mail }) + "\n", "utf8");
  console.log(`mail: "${mail.subject}" to ${mask(mail.to)} written to ${file}`);
}

/**
 * Sends an e-mail and says whether it went. A failure is logged (address masked, no message) and
 * not thrown: the write it follows has been committed, and the person on the page should hear
 * that the message did not go rather than get an error page.
 */
export async function trySendMail(mail: Mail): Promise<boolean> {
  try {
    await sendMail(mail);
    return true;
  } catch (error) {
    console.error(`mail: a message to ${mask(mail.to)} could not be sent: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/** "o***@example.org": enough to tell messages apart in a log, not enough to collect addresses. */
function mask(address: string): string {
  const at = address.indexOf("@");
  return at <= 0 ? "***" : `${address[0]}***${address.slice(at)}`;
}
