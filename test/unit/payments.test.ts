// Travel claims (issue 17): amounts, IBANs, SEPA text and the pain.001.001.03 file, pure.
import { isValidIBAN } from "ibantools";
import { describe, expect, it } from "vitest";

import { claimTotalCents, decimalEuros, parseEuros } from "~/domain/payments/amounts";
import { maskIban, normaliseBic, normaliseIban } from "~/domain/payments/iban";
import { buildPain001, escapeXml, PAIN_001_NAMESPACE } from "~/domain/payments/pain001";
import { sniffReceiptType } from "~/domain/payments/receipt";
import { sepaText } from "~/domain/payments/sepaText";

const DEBTOR = { name: "MTÜ Eesti Pagulasabi", iban: "EE382200221020145685", bic: "HABAEE2X" };

describe("amounts", () => {
  it("prices tickets as given and kilometres at the rate, rounded to the cent", () => {
    expect(
      claimTotalCents(
        [
          { kind: "bus", amountCents: 1250 },
          { kind: "car", km: 33 },
        ],
        19,
      ),
    ).toBe(1250 + 627);
    expect(claimTotalCents([{ kind: "car", km: 1 }], 20)).toBe(20);
  });
  it("writes cents as decimals with two places", () => {
    expect([0, 5, 50, 1250, 100000].map(decimalEuros)).toEqual(["0.00", "0.05", "0.50", "12.50", "1000.00"]);
    expect(() => decimalEuros(-1)).toThrow();
    expect(() => decimalEuros(1.5)).toThrow();
  });
  it("reads euros as people write them and refuses the rest", () => {
    expect(["12", "12,5", "12.50", "€ 3,20", "0,05"].map(parseEuros)).toEqual([1200, 1250, 1250, 320, 5]);
    expect(["", "abc", "1.234", "-3", "1,2,3", "12.505"].map(parseEuros)).toEqual([null, null, null, null, null, null]);
  });
});

describe("IBAN and BIC", () => {
  it("accepts a valid IBAN typed with spaces and lower case, in electronic format", () => {
    expect(normaliseIban(" ee38 2200 2210 2014 5685 ")).toBe("EE382200221020145685");
    expect(normaliseIban("DE89 3704 0044 0532 0130 00")).toBe("DE89370400440532013000");
  });
  it("refuses a wrong check digit, a wrong length and nonsense", () => {
    expect(normaliseIban("EE392200221020145685")).toBeNull();
    expect(normaliseIban("EE38220022102014568")).toBeNull();
    expect(normaliseIban("hello")).toBeNull();
  });
  it("masks all but the country, check digits and last four", () => {
    expect(maskIban("EE382200221020145685")).toBe("EE38 **** **** **** 5685");
  });
  it("checks BICs", () => {
    expect(normaliseBic("habaee2x")).toBe("HABAEE2X");
    expect(normaliseBic("HABA")).toBeNull();
  });
});

describe("receipts are typed by content", () => {
  it("knows PDF, PNG and JPEG by their first bytes, nothing else", () => {
    expect(sniffReceiptType(Buffer.from("%PDF-1.4\n"))).toBe("application/pdf");
    expect(sniffReceiptType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(sniffReceiptType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffReceiptType(Buffer.from("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffReceiptType(Buffer.from("GIF89a"))).toBeNull();
    expect(sniffReceiptType(new Uint8Array())).toBeNull();
  });
});

describe("SEPA text", () => {
  it("keeps the allowed characters, drops marks, transliterates Cyrillic and cuts", () => {
    expect(sepaText("Jüri Õunapuu-Šarapova", 70)).toBe("Juri Ounapuu-Sarapova");
    expect(sepaText("Олена Коваленко", 70)).toBe("Olena Kovalenko");
    expect(sepaText("Ігор Гнатюк", 70)).toBe("Ihor Hnatiuk");
    expect(sepaText('A & B <x> "q" ; 1', 70)).toBe("A + B x q 1");
    expect(sepaText("x".repeat(100), 70)).toHaveLength(70);
    expect(sepaText("漢字", 70)).toBe("");
  });
});

describe("pain.001.001.03", () => {
  const transactions = [
    { endToEndId: "TUTTAV-CLAIM-1", amountCents: 1250, creditorName: "Олена Коваленко", creditorIban: "EE382200221020145685", remittance: "Tuttav sõidukulud 2026-10-03 (1)" },
    { endToEndId: "TUTTAV-CLAIM-2", amountCents: 705, creditorName: `Anna <"&'> ${"Ä".repeat(80)}`, creditorIban: "DE89370400440532013000", remittance: "Tuttav" },
    { endToEndId: "TUTTAV-CLAIM-3", amountCents: 100000, creditorName: "Mari", creditorIban: "FI2112345600000785", remittance: "Tuttav" },
  ];
  const xml = buildPain001({ messageId: "TUTTAV-7-20261004", createdAt: "2026-10-04T09:30:12.345Z", executionDate: "2026-10-05", debtor: DEBTOR, transactions });
  const all = (tag: string) => [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, "g"))].map((m) => m[1]);
  const inside = (tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml)?.[1] ?? "";

  it("is in the pain.001.001.03 namespace with the header and the payment block", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toContain(`<Document xmlns="${PAIN_001_NAMESPACE}"`);
    expect(PAIN_001_NAMESPACE).toBe("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03");
    expect(inside("GrpHdr")).toContain("<MsgId>TUTTAV-7-20261004</MsgId><CreDtTm>2026-10-04T09:30:12</CreDtTm>");
    expect(inside("PmtInf")).toContain("<PmtMtd>TRF</PmtMtd><BtchBookg>true</BtchBookg>");
    expect(xml).toContain("<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>");
    expect(xml).toContain("<ReqdExctnDt>2026-10-05</ReqdExctnDt>");
    expect(xml).toContain("<Dbtr><Nm>MTU Eesti Pagulasabi</Nm></Dbtr>");
    expect(xml).toContain("<DbtrAcct><Id><IBAN>EE382200221020145685</IBAN></Id></DbtrAcct>");
    expect(xml).toContain("<DbtrAgt><FinInstnId><BIC>HABAEE2X</BIC></FinInstnId></DbtrAgt>");
    expect(xml).toContain("<ChrgBr>SLEV</ChrgBr>");
  });

  it("counts and sums the transactions the same in the group header and the payment block", () => {
    const amounts = all("InstdAmt");
    expect(amounts).toEqual(["12.50", "7.05", "1000.00"]);
    const sum = amounts.reduce((s, a) => s + Math.round(Number(a) * 100), 0);
    expect(all("NbOfTxs")).toEqual(["3", "3"]);
    expect(all("CtrlSum")).toEqual([decimalEuros(sum), decimalEuros(sum)]);
    expect(xml.match(/<CdtTrfTxInf>/g)).toHaveLength(3);
    expect(xml).toMatch(/<InstdAmt Ccy="EUR">12\.50<\/InstdAmt>/);
    expect(all("EndToEndId")).toEqual(["TUTTAV-CLAIM-1", "TUTTAV-CLAIM-2", "TUTTAV-CLAIM-3"]);
  });

  it("has valid IBANs, names in the SEPA set cut to 70, and nothing that breaks the XML", () => {
    for (const iban of all("IBAN")) expect(isValidIBAN(iban)).toBe(true);
    for (const name of all("Nm")) {
      // The limit is on the value; an escaped apostrophe is one character of it.
      expect(name.replace(/&apos;/g, "'").length).toBeLessThanOrEqual(70);
      expect(name).toMatch(/^([A-Za-z0-9/\-?:().,+ ]|&apos;)*$/);
    }
    expect(all("Nm")).toContain("Olena Kovalenko");
    expect(xml).not.toMatch(/<Nm>[^<]*[<>"][^<]*<\/Nm>/);
    // Every tag that opens closes, in order.
    const stack: string[] = [];
    for (const m of xml.replace(/<\?xml[^>]*\?>/, "").matchAll(/<(\/?)([A-Za-z]+)[^>]*?(\/?)>/g)) {
      if (m[3]) continue;
      if (m[1]) expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2]);
    }
    expect(stack).toEqual([]);
  });

  it("follows the schema's element order and value patterns (pain.001.001.03 XSD, the parts we write)", () => {
    // The XSD's sequences for the elements we write, in order; "?" optional, "+" one or more.
    const SEQUENCES: Record<string, string[]> = {
      Document: ["CstmrCdtTrfInitn"],
      CstmrCdtTrfInitn: ["GrpHdr", "PmtInf+"],
      GrpHdr: ["MsgId", "CreDtTm", "NbOfTxs", "CtrlSum?", "InitgPty"],
      PmtInf: ["PmtInfId", "PmtMtd", "BtchBookg?", "NbOfTxs?", "CtrlSum?", "PmtTpInf?", "ReqdExctnDt", "Dbtr", "DbtrAcct", "DbtrAgt", "ChrgBr?", "CdtTrfTxInf+"],
      PmtTpInf: ["SvcLvl?"],
      CdtTrfTxInf: ["PmtId", "Amt", "CdtrAgt?", "Cdtr", "CdtrAcct", "RmtInf?"],
      PmtId: ["InstrId?", "EndToEndId"],
      DbtrAcct: ["Id"],
      CdtrAcct: ["Id"],
      RmtInf: ["Ustrd?"],
    };
    type Node = { name: string; children: Node[]; text: string; attrs: string };
    const root: Node = { name: "#root", children: [], text: "", attrs: "" };
    const stack = [root];
    for (const m of xml.replace(/<\?xml[^>]*\?>/, "").matchAll(/<(\/?)([A-Za-z]+)([^>]*)>([^<]*)/g)) {
      if (m[1]) stack.pop();
      else {
        const node: Node = { name: m[2], children: [], text: m[4], attrs: m[3] };
        stack[stack.length - 1].children.push(node);
        stack.push(node);
      }
    }
    const follows = (node: Node) => {
      const sequence = SEQUENCES[node.name];
      if (sequence) {
        let i = 0;
        for (const step of sequence) {
          const name = step.replace(/[?+]$/, "");
          let n = 0;
          for (; node.children[i]?.name === name; i++) n++;
          if (!step.endsWith("?") && n === 0) throw new Error(`${node.name}: ${name} missing or out of order`);
          if (!step.endsWith("+") && n > 1) throw new Error(`${node.name}: ${name} more than once`);
        }
        expect(i, `${node.name}: unexpected ${node.children[i]?.name}`).toBe(node.children.length);
      }
      node.children.forEach(follows);
    };
    follows(root.children[0]);
    // Value patterns of the XSD's simple types.
    expect(
      all("MsgId")
        .concat(all("PmtInfId"), all("EndToEndId"))
        .every((v) => v.length >= 1 && v.length <= 35),
    ).toBe(true);
    expect(all("CreDtTm")[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    for (const amount of all("InstdAmt").concat(all("CtrlSum"))) expect(amount).toMatch(/^\d{1,15}\.\d{2}$/);
    for (const iban of all("IBAN")) expect(iban).toMatch(/^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{1,30}$/);
    for (const bic of all("BIC")) expect(bic).toMatch(/^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/);
    expect(all("Ustrd").every((v) => v.length <= 140)).toBe(true);
  });

  it("says NOTPROVIDED without a BIC, and escapes XML's special characters", () => {
    const noBic = buildPain001({
      messageId: "M",
      createdAt: "2026-10-04T09:30:12Z",
      executionDate: "2026-10-05",
      debtor: { ...DEBTOR, bic: null },
      transactions: transactions.slice(0, 1),
    });
    expect(noBic).toContain("<DbtrAgt><FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId></DbtrAgt>");
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  });

  it("refuses an empty batch and a malformed date", () => {
    expect(() => buildPain001({ messageId: "M", createdAt: "2026-10-04T09:30:12Z", executionDate: "2026-10-05", debtor: DEBTOR, transactions: [] })).toThrow();
    expect(() => buildPain001({ messageId: "M", createdAt: "2026-10-04T09:30:12Z", executionDate: "5.10.2026", debtor: DEBTOR, transactions })).toThrow();
  });
});
