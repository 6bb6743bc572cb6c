/** The app's mail in tests: a temporary outbox file (MAIL_OUTBOX_PATH), emptied before each test. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, beforeEach } from "vitest";

/** Routes this test file's mail to a fresh outbox; returns readers for what was sent. */
export function useOutbox() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-outbox-")), "outbox.jsonl");
  beforeAll(() => {
    process.env.MAIL_OUTBOX_PATH = file;
  });
  afterAll(() => {
    delete process.env.MAIL_OUTBOX_PATH;
  });
  beforeEach(() => fs.rmSync(file, { force: true }));
  const lines = () => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n") : []);
  return { lines, messages: () => lines().map((line) => JSON.parse(line)) };
}

/** Runs `fn` while mail cannot be sent: the outbox path is a directory, so appending to it fails. */
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
