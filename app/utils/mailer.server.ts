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
 * Sends an e-mail and says whether it was handed to something that delivers it. There is no mail
 * transport yet: outside production the message is appended to the outbox file (MAIL_OUTBOX_PATH)
 * so people trying the app and the tests can read it, and that counts as delivered; in production
 * it is not sent (false), and the log says so without the message (it may hold a secret link).
 * Callers must not revoke a link, or tell anyone "sent", unless this says true.
 */
export async function sendMail(mail: Mail): Promise<boolean> {
  if (isProduction()) {
    console.warn(`mail: no mail transport configured; a message to ${mask(mail.to)} was not sent`);
    return false;
  }
  const file = outboxPath();
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await fs.promises.appendFile(file, JSON.stringify({ at: nowIso(), ...mail }) + "\n", "utf8");
  console.log(`mail: "${mail.subject}" to ${mask(mail.to)} written to ${file}`);
  return true;
}

/**
 * Sends an e-mail and says whether it was delivered (see sendMail). A failure is logged (address
 * masked, no message) and not thrown: the write it follows has been committed, and the person on
 * the page should hear that the message did not go rather than get an error page.
 */
export async function trySendMail(mail: Mail): Promise<boolean> {
  try {
    return await sendMail(mail);
  } catch (error) {
    console.error(`mail: a message to ${mask(mail.to)} could not be sent: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/**
 * Removes the messages `matches` picks from the outbox file (e.g. everything sent to an erased
 * participant); returns how many. Lines that are not messages are kept. The file is read and
 * replaced in one synchronous step, so no request of this process starts writing meanwhile (an
 * append already under way could be lost: the outbox is a stand-in for development and tests).
 */
export function removeFromOutbox(matches: (mail: Mail) => boolean): number {
  const file = outboxPath();
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return 0;
  const lines = fs.readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "");
  const kept = lines.filter((line) => {
    try {
      const mail = JSON.parse(line) as Mail;
      return !(typeof mail?.to === "string" && typeof mail.text === "string" && matches(mail));
    } catch {
      return true;
    }
  });
  if (kept.length === lines.length) return 0;
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, kept.map((line) => `${line}\n`).join(""), "utf8");
  fs.renameSync(temporary, file);
  return lines.length - kept.length;
}

/** "o***@example.org": enough to tell messages apart in a log, not enough to collect addresses. */
function mask(address: string): string {
  const at = address.indexOf("@");
  return at <= 0 ? "***" : `${address[0]}***${address.slice(at)}`;
}
