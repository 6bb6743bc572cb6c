import type { ReceiptType } from "./lineKinds";

/** The largest receipt a participant can upload (a phone photo or a scanned ticket). */
export const RECEIPT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * A receipt's type read from its first bytes, never from its name or declared type:
 * %PDF → PDF, \x89PNG → PNG, \xFF\xD8\xFF → JPEG; anything else null.
 */
export function sniffReceiptType(bytes: Uint8Array): ReceiptType | null {
  const starts = (...magic: number[]) => magic.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46)) return "application/pdf";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  return null;
}

export const RECEIPT_EXTENSION: Record<ReceiptType, string> = { "application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg" };
