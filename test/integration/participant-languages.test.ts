import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createUser } from "~/models/user.server";
import { action as joinAction } from "~/routes/_public.join";
import { action as loginAction } from "~/routes/_public.login";
import { loader as meLoader } from "~/routes/_public.me.$token";
import { loader as detailLoader } from "~/routes/admin.participants.$id";
import { loader as directoryLoader } from "~/routes/admin.participants._index";
import { loader as csvLoader } from "~/routes/admin.participants[.]csv";
import { action as importAction } from "~/routes/admin.participants.import";

import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { signUpFields } from "../helpers/forms";
import { cookieFrom, formRequest, getRequest, settle } from "../helpers/requests";

let test: TestDatabase;
let cookie: string;
beforeAll(async () => {
  test = await createTestDatabase();
  await createUser({ email: "kai@example.org", name: "Kai", password: "correct horse battery", role: "coordinator" });
  const login = await settle(() =>
    loginAction({ request: formRequest("/login", { email: "kai@example.org", password: "correct horse battery", redirectTo: "/admin" }), params: {}, context: {} }),
  );
  cookie = cookieFrom(login);
});
afterAll(() => test.close());

let ips = 0;
// Phone only, so the new participant's page comes back at once (with an e-mail the link is mailed).
const join = (over: Record<string, string | string[]>) =>
  settle(() =>
    joinAction({ request: formRequest("/join", signUpFields({ email: "", phone: `+372 5555 ${1000 + ips}`, ...over })), params: {}, context: { clientIp: `203.0.113.${++ips}` } }),
  );
const codesOf = async (participantId: number) =>
  (await test.db.selectFrom("participant_language").select("code").where("participant_id", "=", participantId).orderBy("code").execute()).map((r) => r.code);

describe("any ISO 639-1 language", () => {
  let token: string;
  let participantId: number;

  it("is taken at sign-up by its name in the reader's language, besides the quick choices", async () => {
    // The select rows send codes; the typed row sends what was typed (Estonian for Swahili).
    const response = await join({ lang_code: ["uk", "", "Suahiili"], lang_level: ["native", "", "basic"] });
    expect(response.status).toBe(302);
    token = response.headers.get("Location")!.match(/^\/me\/([^?]+)/)![1];
    participantId = (await test.db.selectFrom("participant").select("id").orderBy("id", "desc").executeTakeFirstOrThrow()).id;
    expect(await codesOf(participantId)).toEqual(["sw", "uk"]);
  });

  it("is taken as a code, or a name in another interface language or in itself", async () => {
    for (const typed of ["ln", "Lingala", "лингала", "lingála"]) {
      const response = await join({ lang_code: ["uk", typed], lang_level: ["native", "basic"] });
      expect(response.status, typed).toBe(302);
      const id = (await test.db.selectFrom("participant").select("id").orderBy("id", "desc").executeTakeFirstOrThrow()).id;
      expect(await codesOf(id), typed).toEqual(["ln", "uk"]);
    }
  });

  it("refuses anything that is no language with a message that repeats it, and stores nothing", async () => {
    const before = await rowCounts(test.db);
    const response = await join({ lang_code: ["uk", "Klingon"], lang_level: ["native", "basic"] });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors["languages.1.code"]).toBe("forms.error.unknownLanguage?value=Klingon");
    // What was typed comes back to the form.
    expect(body.values.languages).toEqual([
      { code: "uk", level: "native" },
      { code: "Klingon", level: "basic" },
    ]);
    expect(await rowCounts(test.db)).toEqual(before);

    const levelOnly = await join({ lang_code: ["uk", ""], lang_level: ["native", "basic"] });
    expect((await levelOnly.json()).errors["languages.1.code"]).toBe("forms.error.chooseLanguage");
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("comes back on the private page and is offered to the form by name", async () => {
    const page = await settle(() => meLoader({ request: getRequest(`/me/${token}?lng=en`), params: { token }, context: {} }));
    const data = await page.json();
    expect(data.values.languages).toEqual(
      expect.arrayContaining([
        { code: "sw", level: "basic" },
        { code: "uk", level: "native" },
      ]),
    );
    const offered = data.options.languages as { code: string; name: string; common: boolean }[];
    expect(offered.find((l) => l.code === "sw")).toEqual({ code: "sw", name: "Swahili", common: false });
    expect(offered.find((l) => l.code === "uk")).toMatchObject({ common: true });
    expect(offered.length).toBeGreaterThanOrEqual(184);
  });

  it("shows, filters and exports such a language for coordinators", async () => {
    const directory = async (query: string) =>
      (await settle(() => directoryLoader({ request: getRequest(`/admin/participants${query}`, { cookie }), params: {}, context: {} }))).json();
    const filtered = await directory("?language=sw&lng=en");
    expect(filtered.participants.map((p: { id: number }) => p.id)).toEqual([participantId]);
    // The filter offers the quick choices and what someone on file speaks, not all 184.
    const codes = filtered.languages.map((l: { code: string }) => l.code);
    expect(codes).toEqual(expect.arrayContaining(["sw", "ln", "uk", "prs"]));
    expect(codes).not.toContain("zu");

    const detail = await (
      await settle(() => detailLoader({ request: getRequest(`/admin/participants/${participantId}?lng=en`, { cookie }), params: { id: String(participantId) }, context: {} }))
    ).json();
    expect(JSON.stringify(detail)).toContain('"name":"Swahili"');

    const csv = await (await settle(() => csvLoader({ request: getRequest("/admin/participants.csv?lng=en", { cookie }), params: {}, context: {} }))).text();
    expect(csv).toContain("Swahili");
  });
});

describe("CSV import of any ISO 639-1 language", () => {
  const HEADER = "first_name,email,home_town,languages,offers,max_travel_minutes,weekdays,times_of_day,consent_at";
  const row = (email: string, languages: string) => `Amani,${email},tartu,"${languages}",story,180,6,afternoon,2026-09-15`;
  const upload = (text: string) => {
    const form = new FormData();
    form.append("file", new File([text], "participants.csv", { type: "text/csv" }));
    return settle(() =>
      importAction({ request: new Request("http://localhost/admin/participants/import", { method: "POST", body: form, headers: { Cookie: cookie } }), params: {}, context: {} }),
    );
  };

  it("refuses a code that is no language, naming it, and stores nothing", async () => {
    const before = await rowCounts(test.db);
    const response = await upload([HEADER, row("a1@example.org", "sw:native;xx:basic")].join("\n"));
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual([{ row: 2, field: "languages", message: "forms.error.unknownLanguage?value=xx" }]);
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("imports Swahili and Lingala by code", async () => {
    const response = await upload([HEADER, row("a2@example.org", "sw:native;ln:fluent;fr:basic")].join("\n"));
    expect(response.status).toBe(200);
    const id = (await test.db.selectFrom("participant").select("id").where("email", "=", "a2@example.org").executeTakeFirstOrThrow()).id;
    expect(await codesOf(id)).toEqual(["fr", "ln", "sw"]);
  });
});
