import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createUser } from "~/models/user.server";
import { action as loginAction } from "~/routes/_public.login";
import { action as detailAction, loader as detailLoader } from "~/routes/admin.participants.$id";
import { loader as directoryLoader } from "~/routes/admin.participants._index";
import { action as importAction } from "~/routes/admin.participants.import";

import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
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

const HEADER = "first_name,last_name,email,phone,home_town,languages,offers,max_travel_minutes,monthly_cap,weekdays,times_of_day,country_of_origin,gender,consent_at";
const ROWS = [
  'Olena,Kovalenko,olena@example.org,,tartu,"uk:native;ru:fluent","crafts:Embroidery;food",180,2,"1,3,6","afternoon;evening",UA,female,2026-09-15',
  'Ahmad,Al-Hassan,,+372 5123 4567,Pärnu,"ar:native;en:fluent",story,240,,6,afternoon,SY,male,2026-09-20T10:00:00Z',
  'Zahra,Ahmadi,zahra@example.org,,narva,"prs:native;fa:fluent",crafts,120,1,"0,6",morning,AF,,2026-10-01',
];

function upload(text: string, withCookie = cookie): Promise<Response> {
  const form = new FormData();
  form.append("file", new File([text], "participants.csv", { type: "text/csv" }));
  const request = new Request("http://localhost/admin/participants/import", { method: "POST", body: form, headers: { Cookie: withCookie } });
  return settle(() => importAction({ request, params: {}, context: {} }));
}

describe("CSV import", () => {
  it("is for coordinators only", async () => {
    const response = await upload([HEADER, ...ROWS].join("\n"), "");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
  });

  it("stores nothing from a file with one bad row, and reports that row", async () => {
    const before = await rowCounts(test.db);
    const bad = ROWS[1].replace(",240,", ",-240,");
    const response = await upload([HEADER, ROWS[0], bad, ROWS[2]].join("\r\n"));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ imported: null, errors: [{ row: 3, field: "max_travel_minutes", message: "validation.numberRange?min=15&max=720" }] });
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("imports every row of a good file in one go, with consent times and an audit entry", async () => {
    const before = await rowCounts(test.db);
    const response = await upload("\uFEFF" + [HEADER, ...ROWS].join("\r\n") + "\r\n");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ imported: 3, errors: [] });
    const after = await rowCounts(test.db);
    expect(after.participant).toBe(before.participant + 3);
    expect(after.participant_language).toBe(before.participant_language + 6);
    expect(after.participant_offer).toBe(before.participant_offer + 4);
    expect(after.audit_log).toBe(before.audit_log + 1);
    const ahmad = await test.db.selectFrom("participant").selectAll().where("first_name", "=", "Ahmad").executeTakeFirstOrThrow();
    expect(ahmad).toMatchObject({ phone: "+372 5123 4567", monthly_cap: 2, consent_at: "2026-09-20T10:00:00.000Z", consent_version: "import" });

    // The same file again clashes with the e-mails now on file, and stores nothing.
    const again = await upload([HEADER, ...ROWS].join("\n"));
    expect(again.status).toBe(400);
    expect((await again.json()).errors).toEqual([
      { row: 2, field: "email", message: "participantImport.error.emailOnFile" },
      { row: 4, field: "email", message: "participantImport.error.emailOnFile" },
    ]);
    expect((await rowCounts(test.db)).participant).toBe(after.participant);
  });

  it("refuses a missing file and a file that is not UTF-8", async () => {
    expect((await (await upload("")).json()).errors).toEqual([{ row: 0, field: "", message: "participantImport.error.noFile" }]);
    const latin1 = new Uint8Array([...new TextEncoder().encode(`${HEADER}\nJ`), 0xfc, 0x72, 0x67, 0x65, 0x6e]);
    const form = new FormData();
    form.append("file", new File([latin1], "p.csv"));
    const response = await settle(() =>
      importAction({ request: new Request("http://localhost/admin/participants/import", { method: "POST", body: form, headers: { Cookie: cookie } }), params: {}, context: {} }),
    );
    expect((await response.json()).errors[0].message).toBe("participantImport.error.notUtf8");
  });
});

describe("participant directory", () => {
  const directory = (query: string) => settle(() => directoryLoader({ request: getRequest(`/admin/participants${query}`, { cookie }), params: {}, context: {} }));

  it("searches and filters", async () => {
    const all = await (await directory("")).json();
    expect(all.total).toBe(3);
    expect((await (await directory("?q=olena")).json()).participants.map((p: { firstName: string }) => p.firstName)).toEqual(["Olena"]);
    expect((await (await directory("?language=ar")).json()).participants.map((p: { firstName: string }) => p.firstName)).toEqual(["Ahmad"]);
    expect((await (await directory("?offer=crafts&weekday=0")).json()).participants.map((p: { firstName: string }) => p.firstName)).toEqual(["Zahra"]);
    expect((await (await directory("?region=EE-68")).json()).participants.map((p: { firstName: string }) => p.firstName)).toEqual(["Ahmad"]);
    expect((await (await directory("?load=many")).json()).participants).toEqual([]);
    expect((await directory("")).status).toBe(200);
    expect((await settle(() => directoryLoader({ request: getRequest("/admin/participants"), params: {}, context: {} }))).status).toBe(302);
  });

  it("shows a participant's page to coordinators and 404 for unknown ids", async () => {
    const { id } = await test.db.selectFrom("participant").select("id").where("first_name", "=", "Olena").executeTakeFirstOrThrow();
    const page = await settle(() => detailLoader({ request: getRequest(`/admin/participants/${id}`, { cookie }), params: { id: String(id) }, context: {} }));
    expect(page.status).toBe(200);
    expect((await page.json()).profile).toMatchObject({
      firstName: "Olena",
      email: "olena@example.org",
      offers: [
        { offer: "crafts", description: "Embroidery" },
        { offer: "food", description: null },
      ],
    });
    for (const bad of ["999999", "abc"]) {
      expect((await settle(() => detailLoader({ request: getRequest(`/admin/participants/${bad}`, { cookie }), params: { id: bad }, context: {} }))).status).toBe(404);
    }
    const link = await settle(() =>
      detailAction({ request: formRequest(`/admin/participants/${id}`, { intent: "new-link", confirm: "yes" }, { cookie }), params: { id: String(id) }, context: {} }),
    );
    expect((await link.json()).link).toMatch(/\/me\/[A-Za-z0-9_-]{43}$/);
  });
});
