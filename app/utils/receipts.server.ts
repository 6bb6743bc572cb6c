/**
 * Receipt files: outside public/, in RECEIPTS_DIR (default: "receipts" beside the database file),
 * under random names that say nothing about whose they are. The database row names the file;
 * models write a file before the transaction that names it and remove it if that fails, and
 * delete replaced or erased files only after the commit.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { databasePath } from "#db/connection";
import { RECEIPT_EXTENSION } from "~/domain/payments/receipt";
import type { ReceiptType } from "~/domain/payments/lineKinds";

export function receiptsDir(): string {
  return path.resolve(process.env.RECEIPTS_DIR || path.join(path.dirname(databasePath()), "receipts"));
}

/** A stored file name as the database keeps it: 32 random hex characters and the type's extension. */
const NAME = /^[0-9a-f]{32}\.(pdf|png|jpg)$/;

function fileOf(name: string): string {
  if (!NAME.test(name)) throw new Error("Not a receipt file name");
  return path.join(receiptsDir(), name);
}

/** Writes the bytes under a fresh random name (never overwriting) and returns the name. */
export function writeReceipt(bytes: Uint8Array, type: ReceiptType): string {
  const name = `${randomBytes(16).toString("hex")}.${RECEIPT_EXTENSION[type]}`;
  fs.mkdirSync(receiptsDir(), { recursive: true, mode: 0o700 });
  fs.writeFileSync(fileOf(name), bytes, { flag: "wx", mode: 0o600 });
  return name;
}

/** The file's bytes, or null when it is gone. */
export function readReceipt(name: string): Buffer | null {
  try {
    return fs.readFileSync(fileOf(name));
  } catch {
    return null;
  }
}

/** Removes files (already gone is fine). */
export function deleteReceipts(names: readonly (string | null)[]): void {
  for (const name of names) {
    if (!name) continue;
    try {
      fs.rmSync(fileOf(name), { force: true });
    } catch {
      // A name that is not ours is never ours to delete.
    }
  }
}
