/**
 * The app's mail in tests: messages are queued in the database (outbox.server.ts); `messages()`
 * runs a worker with the development transport until the outbox is empty and returns what it
 * kept, read back from a temporary MAIL_OUTBOX_PATH emptied before each test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, beforeEach } from "vitest";

import { startMailWorker } from "~/models/mailWorker.server";

export type KeptMessage = { to: string; subject: string; text: string; messageId: string; ics: { method: string; content: string } | null };

/** Sends every due message with the development transport; returns how many went. */
export async function deliverOutbox(): Promise<number> {
  const worker = startMailWorker({ pollMs: 3_600_000 });
  try {
    return await worker.drain();
  } finally {
    await worker.stop();
  }
}

/** Routes this test file's mail to a fresh file; `messages()` delivers what is queued and reads it. */
export function useOutbox() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-outbox-")), "outbox.jsonl");
  beforeAll(() => {
    process.env.MAIL_OUTBOX_PATH = file;
  });
  afterAll(() => {
    delete process.env.MAIL_OUTBOX_PATH;
  });
  // What earlier tests queued and did not read goes now, so each test reads only its own messages.
  beforeEach(async () => {
    await deliverOutbox();
    fs.rmSync(file, { force: true });
  });
  const read = () => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n").filter(Boolean) : []);
  return {
    file,
    async lines() {
      await deliverOutbox();
      return read();
    },
    async messages(): Promise<KeptMessage[]> {
      await deliverOutbox();
      return read().map((line) => JSON.parse(line));
    },
  };
}

/** Runs `fn` while the development transport cannot write (the file path is a directory): sends fail as temporary. */
export async function withMailDown<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.MAIL_OUTBOX_PATH;
  process.env.MAIL_OUTBOX_PATH = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-mail-down-"));
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.MAIL_OUTBOX_PATH;
    else process.env.MAIL_OUTBOX_PATH = saved;
  }
}
