import { RECEIPT_EXTENSION } from "~/domain/payments/receipt";
import type { ReceiptType } from "~/domain/payments/lineKinds";

import { readReceipt } from "./receipts.server";

const NOT_FOUND_HEADERS = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };

/**
 * A stored receipt as a download: its checked type, never sniffed by the browser, never cached;
 * a PDF as an attachment (it could carry scripts a viewer runs), an image inline. 404 when gone.
 */
export function receiptResponse(receipt: { file: string; type: ReceiptType } | null, claimId: number): Response {
  const bytes = receipt ? readReceipt(receipt.file) : null;
  if (!receipt || !bytes) return new Response("Not found", { status: 404, headers: NOT_FOUND_HEADERS });
  const filename = `receipt-${claimId}.${RECEIPT_EXTENSION[receipt.type]}`;
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": receipt.type,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `${receipt.type === "application/pdf" ? "attachment" : "inline"}; filename="${filename}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      "X-Robots-Tag": "noindex",
    },
  });
}
