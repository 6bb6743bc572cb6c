import { describe, expect, it } from "vitest";
import { z } from "zod";

import { isOneOf, OFFERS } from "~/domain/vocabulary";
import { parseIntentForm } from "~/utils/forms";

/** A route with three forms, as the routes declare them: one discriminated union on `intent`. */
const Forms = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), name: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required") }),
  z.object({ intent: z.enum(["accept", "decline"]), id: z.coerce.number().int().positive("validation.invalid") }),
  z.object({ intent: z.literal("tags"), tags: z.array(z.string()).max(2, "validation.tooLong") }),
]);

function post(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("parseIntentForm", () => {
  it("gives the posted form's data, typed by its intent", () => {
    const form = parseIntentForm(
      Forms,
      post([
        ["intent", "rename"],
        ["name", "  Tuttav "],
        ["extra", "dropped"],
      ]),
    );
    expect(form).toEqual({ intent: "rename", ok: true, data: { intent: "rename", name: "Tuttav" } });
    const answer = parseIntentForm(
      Forms,
      post([
        ["intent", "decline"],
        ["id", "7"],
      ]),
    );
    expect(answer).toEqual({ intent: "decline", ok: true, data: { intent: "decline", id: 7 } });
  });

  it("names the form whose fields are wrong, with that form's field errors only", () => {
    expect(
      parseIntentForm(
        Forms,
        post([
          ["intent", "rename"],
          ["name", "   "],
          ["id", "x"],
        ]),
      ),
    ).toEqual({ intent: "rename", ok: false, errors: { name: "validation.required" } });
    expect(
      parseIntentForm(
        Forms,
        post([
          ["intent", "accept"],
          ["id", "-1"],
        ]),
      ),
    ).toEqual({ intent: "accept", ok: false, errors: { id: "validation.invalid" } });
  });

  it("reads repeated names as arrays when asked, for the forms that have them", () => {
    const tags = post([
      ["intent", "tags"],
      ["tags", "a"],
      ["tags", "b"],
    ]);
    expect(parseIntentForm(Forms, tags, ["tags"])).toEqual({ intent: "tags", ok: true, data: { intent: "tags", tags: ["a", "b"] } });
    expect(parseIntentForm(Forms, post([["intent", "tags"]]), ["tags"])).toEqual({ intent: "tags", ok: true, data: { intent: "tags", tags: [] } });
    expect(
      parseIntentForm(
        Forms,
        post([
          ["intent", "tags"],
          ["tags", "a"],
          ["tags", "b"],
          ["tags", "c"],
        ]),
        ["tags"],
      ),
    ).toMatchObject({ intent: "tags", ok: false });
  });

  it("answers intent null to a post that names none of the route's forms", () => {
    expect(parseIntentForm(Forms, post([["name", "x"]]))).toMatchObject({ intent: null, ok: false });
    expect(
      parseIntentForm(
        Forms,
        post([
          ["intent", "delete"],
          ["name", "x"],
        ]),
      ),
    ).toMatchObject({ intent: null, ok: false });
    // The first of a doubled intent counts, as FormData.get reads it.
    expect(
      parseIntentForm(
        Forms,
        post([
          ["intent", "nonsense"],
          ["intent", "rename"],
          ["name", "x"],
        ]),
      ),
    ).toMatchObject({ intent: null, ok: false });
    const file = new FormData();
    file.append("intent", new Blob(["rename"]), "intent.txt");
    expect(parseIntentForm(Forms, file)).toMatchObject({ intent: null, ok: false });
  });
});

describe("isOneOf", () => {
  it("is true only for a word of the set", () => {
    expect(isOneOf(OFFERS, "music")).toBe(true);
    expect(isOneOf(OFFERS, "Music")).toBe(false);
    expect(isOneOf(OFFERS, "")).toBe(false);
    expect(isOneOf(OFFERS, null)).toBe(false);
    expect(isOneOf(OFFERS, undefined)).toBe(false);
    expect(isOneOf(OFFERS, ["music"])).toBe(false);
  });
});
