/**
 * Issue 14, item 5: the sign-up answer must never tell whether an e-mail address is registered.
 * With an address the answer is always "check your e-mail"; without one (phone only) the new
 * participant gets their page at once, since there is no address to ask about.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { validateImport } from "~/schemas/participantImport";
import { listTownRefs } from "~/models/participant/formOptions.server";
import { action as joinAction, loader as joinLoader } from "~/routes/_public.join";
import { action as meAction, loader as meLoader } from "~/routes/_public.me.$token";
import { loader as dataLoader } from "~/routes/_public.me.$token.data[.]json";
import { hashToken } from "~/utils/token.server";

import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { signUpFields } from "../helpers/forms";
import { useOutbox, withMailDown } from "../helpers/mail";
import { formRequest, getRequest, settle } from "../helpers/requests";

let test: TestDatabase;
const outbox = useOutbox();
beforeAll(async () => {
  test = await createTestDatabase();
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterAll(async () => {
  vi.restoreAllMocks();
  await test.close();
});

let ips = 0;
const join = (fields: Record<string, string | string[]>) =>
  settle(() => joinAction({ request: formRequest("/join", fields), params: {}, context: { clientIp: `198.51.100.${++ips}` } }));

/** Everything a client can tell two answers apart by: status, which headers (and their values) and the body. */
async function shape(response: Response) {
  return { status: response.status, headers: [...response.headers.entries()].sort(), body: await response.text() };
}

const tokenIn = (text: string) => /\/me\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? null;

describe("signing up with an e-mail address", () => {
  it("answers a new address and one already registered exactly alike", async () => {
    const first = await shape(await join(signUpFields({ email: "same.answer@example.org" })));
    // Someone else tries the same address (another case, another name, another language).
    const before = await rowCounts(test.db);
    const second = await shape(await join(signUpFields({ email: "Same.Answer@Example.org", first_name: "Mallory", preferred_locale: "en" })));
    expect(second).toEqual(first);
    expect(first.status).toBe(302);
    // Nothing is created for the second one.
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("sends a new participant their link by e-mail, and the page says to look there", async () => {
    const response = await join(signUpFields({ email: "new.person@example.org" }));
    expect(response.status).toBe(302);
    const location = response.headers.get("Location")!;
    expect(location).toBe("/join?sent=1");
    const page = await settle(() => joinLoader({ request: getRequest(`${location}&lng=en`), params: {}, context: {} }));
    expect((await page.json()).sent).toBe(true);

    const mails = await outbox.messages();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: "new.person@example.org", subject: "Ваше особисте посилання Tuttav" });
    const token = tokenIn(mails[0].text)!;
    const { id } = await test.db.selectFrom("participant").select("id").where("email", "=", "new.person@example.org").executeTakeFirstOrThrow();
    const stored = await test.db.selectFrom("access_token").select("token_hash").where("purpose", "=", "participant").where("subject_id", "=", id).execute();
    expect(stored).toEqual([{ token_hash: hashToken(token) }]);
    const me = await settle(() => meLoader({ request: getRequest(`/me/${token}`), params: { token }, context: {} }));
    expect(me.status).toBe(200);
  });

  it("mails a registered person a note in their own language, with no new link and nothing revoked", async () => {
    await join(signUpFields({ email: "already@example.org", preferred_locale: "uk" }));
    const welcome = (await outbox.messages())[0];
    const token = tokenIn(welcome.text)!;
    const tokensBefore = await test.db.selectFrom("access_token").selectAll().orderBy("id").execute();

    await join(signUpFields({ email: "already@example.org", first_name: "Mallory", preferred_locale: "en" }));
    const note = (await outbox.messages())[1];
    expect(note.to).toBe("already@example.org");
    expect(note.subject).toBe("Хтось намагався зареєструватися з вашою адресою");
    expect(note.text).toContain("Олена");
    expect(note.text).not.toContain("Mallory");
    expect(note.text).toMatch(/https?:\/\/[^/\s]+\/me\/lost\?lng=uk\n/);
    expect(tokenIn(note.text)).toBeNull();
    expect(await test.db.selectFrom("access_token").selectAll().orderBy("id").execute()).toEqual(tokensBefore);
    const me = await settle(() => meLoader({ request: getRequest(`/me/${token}`), params: { token }, context: {} }));
    expect(me.status).toBe(200);
  });

  it("gives the same answer when the e-mail cannot be sent, and keeps the sign-up", async () => {
    const reference = await shape(await join(signUpFields({ email: "reference@example.org" })));
    const down = await shape(await withMailDown(() => join(signUpFields({ email: "mail.down@example.org" }))));
    expect(down).toEqual(reference);
    await test.db.selectFrom("participant").select("id").where("email", "=", "mail.down@example.org").executeTakeFirstOrThrow();
  });
});

describe("signing up with a phone number only", () => {
  it("lands on the new participant's own page, since there is no address to ask about", async () => {
    const response = await join(signUpFields({ email: "", phone: "+372 5111 2222" }));
    expect(response.status).toBe(302);
    const token = /^\/me\/([A-Za-z0-9_-]{43})\?welcome=1$/.exec(response.headers.get("Location")!)?.[1];
    expect(token).toBeDefined();
    expect(await outbox.lines()).toEqual([]);
    expect((await settle(() => meLoader({ request: getRequest(`/me/${token}`), params: { token: token! }, context: {} }))).status).toBe(200);
  });
});

describe("showing one's first name on public event pages", () => {
  const shown = async (phone: string) => (await test.db.selectFrom("participant").select("show_first_name").where("phone", "=", phone).executeTakeFirstOrThrow()).show_first_name;
  const me = (token: string, fields: Record<string, string | string[]>) => settle(() => meAction({ request: formRequest(`/me/${token}`, fields), params: { token }, context: {} }));

  it("is off unless ticked at sign-up, can be changed on the private page, and is in the data download", async () => {
    await join(signUpFields({ email: "", phone: "+372 5111 3001" }));
    expect(await shown("+372 5111 3001")).toBe(0);

    const response = await join(signUpFields({ email: "", phone: "+372 5111 3002", show_first_name: "on" }));
    const token = /^\/me\/([A-Za-z0-9_-]{43})/.exec(response.headers.get("Location")!)![1];
    expect(await shown("+372 5111 3002")).toBe(1);
    const page = await (await settle(() => meLoader({ request: getRequest(`/me/${token}`), params: { token }, context: {} }))).json();
    expect(page.values.show_first_name).toBe(true);

    // The edit form sends no box when it is unticked: that turns it off.
    const { consent: _consent, ...profile } = signUpFields({ intent: "profile", email: "", phone: "+372 5111 3002" });
    expect((await me(token, profile)).status).toBe(302);
    expect(await shown("+372 5111 3002")).toBe(0);
    expect((await me(token, { ...profile, show_first_name: "on" })).status).toBe(302);
    expect(await shown("+372 5111 3002")).toBe(1);

    const data = await (await settle(() => dataLoader({ request: getRequest(`/me/${token}/data.json`), params: { token }, context: {} }))).json();
    expect(data.profile.showFirstName).toBe(true);
  });
});

describe("the opt-in in a CSV import", () => {
  it("is stated per row with show_first_name=yes, and off when the column is left out or empty", async () => {
    const context = { towns: await listTownRefs(), takenEmails: new Set<string>(), now: "2026-11-01T00:00:00.000Z" };
    const row = (extra: string) => `Olena,+372 5111 4001,tartu,uk:native,crafts,180,6,afternoon,2026-09-15${extra}`;
    const header = "first_name,phone,home_town,languages,offers,max_travel_minutes,weekdays,times_of_day,consent_at";
    const withColumn = validateImport([`${header},show_first_name`, row(",yes"), row(",no"), row(",")].join("\n"), context);
    expect(withColumn.ok && withColumn.rows.map((r) => r.data.showFirstName)).toEqual([true, false, false]);
    const without = validateImport([header, row("")].join("\n"), context);
    expect(without.ok && without.rows.map((r) => r.data.showFirstName)).toEqual([false]);
  });
});
