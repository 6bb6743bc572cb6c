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
