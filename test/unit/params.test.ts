import { describe, expect, it } from "vitest";

import { forbidden, notFound, parseId, requireId } from "~/utils/params";

describe("ids in URLs", () => {
  it("reads one spelling of a positive id, up to 15 digits", () => {
    expect(parseId("1")).toBe(1);
    expect(parseId("999999999999999")).toBe(999_999_999_999_999);
    for (const other of [undefined, null, "", "0", "01", "+1", " 1", "1.0", "1e1", "0x10", "-1", "1000000000000000", "99999999999999999999"])
      expect(parseId(other), String(other)).toBeNull();
  });

  it("stops a route with the same 404 for an id that cannot be one", async () => {
    expect(requireId("42")).toBe(42);
    let thrown: unknown;
    try {
      requireId("4 2");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    expect(await (thrown as Response).text()).toBe("Not found");
    expect(notFound({ "Cache-Control": "no-store" }).headers.get("Cache-Control")).toBe("no-store");
  });

  it("answers a coordinator who may not do something with one 403", async () => {
    const response = forbidden({ "Cache-Control": "no-store" });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("Forbidden");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });
});
