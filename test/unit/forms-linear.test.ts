import { describe, expect, it } from "vitest";
import { z } from "zod";

import { participantFormValues } from "~/schemas/participant";
import { parseForm, submittedValues } from "~/utils/forms";

/**
 * FormData's get/getAll scan every entry, so code calling them once per field (or per offer) is
 * quadratic: 32 000 fields took seconds. These tests count those scans instead of timing them:
 * reading a form must cost the same number of lookups whatever the number of fields.
 */
class CountingFormData extends FormData {
  lookups = 0;
  override get(name: string) {
    this.lookups += 1;
    return super.get(name);
  }
  override getAll(name: string) {
    this.lookups += 1;
    return super.getAll(name);
  }
}

function form(entries: [string, string][]): CountingFormData {
  const data = new CountingFormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

const distinct = (n: number) => Array.from({ length: n }, (_, i) => [`field${i}`, String(i)] as [string, string]);
const schema = z.object({ email: z.string(), tags: z.array(z.string()) }).passthrough();

describe("form reading is linear", () => {
  it("parseForm and submittedValues make no per-field lookups, with 10 fields or 50 000", () => {
    const counts = [10, 50_000].map((n) => {
      const data = form([["email", "a@example.org"], ["tags", "x"], ["tags", "y"], ...distinct(n)]);
      const parsed = parseForm(schema, data, ["tags"]);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) {
        expect(parsed.data.email).toBe("a@example.org");
        expect(parsed.data.tags).toEqual(["x", "y"]);
        expect((parsed.data as Record<string, unknown>)[`field${n - 1}`]).toBe(String(n - 1));
      }
      const values = submittedValues(data, ["tags"]);
      expect(values.tags).toEqual(["x", "y"]);
      expect(values[`field${n - 1}`]).toBe(String(n - 1));
      return data.lookups;
    });
    expect(counts[1]).toBe(counts[0]);
    expect(counts[1]).toBeLessThanOrEqual(2);
  });

  it("keeps what the old parsing did: first value for single fields, all for arrays, files left out, arrays default to []", () => {
    const data = form([
      ["name", "first"],
      ["name", "second"],
      ["tags", "a"],
    ]);
    data.append("upload", new Blob(["x"]), "x.txt");
    const parsed = parseForm(z.object({ name: z.string(), tags: z.array(z.string()), other: z.array(z.string()), upload: z.undefined() }), data, ["tags", "other"]);
    expect(parsed).toEqual({ ok: true, data: { name: "first", tags: ["a"], other: [], upload: undefined } });
    expect(submittedValues(data, ["tags"])).toEqual({ name: "first", tags: ["a"], upload: "" });
    expect(submittedValues(form([["long", "x".repeat(6000)]])).long).toHaveLength(5000);
  });

  it("participantFormValues looks each name up once, with 3 offers or 32 000", () => {
    const counts = [3, 32_000].map((n) => {
      const entries: [string, string][] = [
        ["first_name", "Olena"],
        ["lang_code", "uk"],
        ["lang_level", "native"],
        ["offer_description_crafts", "Embroidery"],
        ["needs_childcare", "on"],
      ];
      for (let i = 0; i < n; i++) entries.push(["offers", i % 2 ? "food" : "crafts"]);
      const data = form(entries);
      const values = participantFormValues(data);
      expect(values.first_name).toBe("Olena");
      expect(values.languages).toEqual([{ code: "uk", level: "native" }]);
      expect(values.offers).toHaveLength(n);
      expect(values.offers![0]).toEqual({ offer: "crafts", description: "Embroidery" });
      expect(values.offers![1]).toEqual({ offer: "food", description: undefined });
      expect(values.needs_childcare).toBe(true);
      expect(values.needs_step_free).toBe(false);
      return data.lookups;
    });
    expect(counts[1]).toBe(counts[0]);
    expect(counts[1]).toBeLessThanOrEqual(2);
  });
});
