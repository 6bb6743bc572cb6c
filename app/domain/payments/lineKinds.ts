/** How a participant travelled: a ticket (bus, train, ferry) or their own car. */
export const TRAVEL_LINE_KINDS = ["bus", "train", "ferry", "car"] as const;
export type TravelLineKind = (typeof TRAVEL_LINE_KINDS)[number];

/** The receipts we keep, by the type their content shows. */
export const RECEIPT_TYPES = ["image/jpeg", "image/png", "application/pdf"] as const;
export type ReceiptType = (typeof RECEIPT_TYPES)[number];
