/**
 * ISO 20022 customer credit transfer initiation, pain.001.001.03 (the version Estonian banks take
 * for SEPA credit transfers): one payment information block, one transaction per claim.
 * Pure: built from plain values, every text escaped and in the SEPA character set.
 */
import { decimalEuros } from "./amounts";
import { sepaText } from "./sepaText";

export const PAIN_001_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

export type CreditTransfer = {
  /** Unique per transaction, at most 35 characters, e.g. "TUTTAV-CLAIM-42". */
  endToEndId: string;
  amountCents: number;
  creditorName: string;
  creditorIban: string;
  /** What the participant reads on their statement (at most 140 characters once cleaned). */
  remittance: string;
};

export type Pain001Input = {
  /** Unique per file, at most 35 characters. */
  messageId: string;
  /** When the file was made, ISO-8601 (the seconds are kept, the fraction dropped). */
  createdAt: string;
  /** When the bank should pay, YYYY-MM-DD. */
  executionDate: string;
  debtor: { name: string; iban: string; bic: string | null };
  transactions: readonly CreditTransfer[];
};

/** Escapes the five characters XML gives meaning to. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string);
}

/** An identifier in the restricted set (letters, digits, "-", "/"), at most 35 characters. */
function identifier(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9/-]/g, "-").slice(0, 35);
  if (!cleaned) throw new Error("An identifier cannot be empty");
  return cleaned;
}

const el = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;

/** The pain.001.001.03 document for these transfers (UTF-8, with XML declaration). */
export function buildPain001(input: Pain001Input): string {
  if (input.transactions.length === 0) throw new Error("A payment file needs at least one transaction");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.executionDate)) throw new Error(`Not a date: ${input.executionDate}`);
  const count = String(input.transactions.length);
  const sum = decimalEuros(input.transactions.reduce((total, tx) => total + tx.amountCents, 0));
  const createdAt = `${input.createdAt.slice(0, 19)}`;
  const messageId = identifier(input.messageId);
  const debtorName = sepaText(input.debtor.name, 70);
  const agent = input.debtor.bic ? el("BIC", input.debtor.bic) : `<Othr>${el("Id", "NOTPROVIDED")}</Othr>`;
  const lines: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<Document xmlns="${PAIN_001_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    `<CstmrCdtTrfInitn>`,
    `<GrpHdr>${el("MsgId", messageId)}${el("CreDtTm", createdAt)}${el("NbOfTxs", count)}${el("CtrlSum", sum)}<InitgPty>${el("Nm", debtorName)}</InitgPty></GrpHdr>`,
    `<PmtInf>`,
    `${el("PmtInfId", identifier(`${messageId}-1`))}${el("PmtMtd", "TRF")}${el("BtchBookg", "true")}${el("NbOfTxs", count)}${el("CtrlSum", sum)}`,
    `<PmtTpInf><SvcLvl>${el("Cd", "SEPA")}</SvcLvl></PmtTpInf>`,
    el("ReqdExctnDt", input.executionDate),
    `<Dbtr>${el("Nm", debtorName)}</Dbtr>`,
    `<DbtrAcct><Id>${el("IBAN", input.debtor.iban)}</Id></DbtrAcct>`,
    `<DbtrAgt><FinInstnId>${agent}</FinInstnId></DbtrAgt>`,
    el("ChrgBr", "SLEV"),
  ];
  for (const tx of input.transactions) {
    lines.push(
      `<CdtTrfTxInf>` +
        `<PmtId>${el("EndToEndId", identifier(tx.endToEndId))}</PmtId>` +
        `<Amt><InstdAmt Ccy="EUR">${decimalEuros(tx.amountCents)}</InstdAmt></Amt>` +
        `<Cdtr>${el("Nm", sepaText(tx.creditorName, 70) || "-")}</Cdtr>` +
        `<CdtrAcct><Id>${el("IBAN", tx.creditorIban)}</Id></CdtrAcct>` +
        `<RmtInf>${el("Ustrd", sepaText(tx.remittance, 140) || "-")}</RmtInf>` +
        `</CdtTrfTxInf>`,
    );
  }
  lines.push(`</PmtInf>`, `</CstmrCdtTrfInitn>`, `</Document>`, "");
  return lines.join("\n");
}
