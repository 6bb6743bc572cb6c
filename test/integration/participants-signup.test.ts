import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { action as joinAction } from "~/routes/_public.join";
import { action as lostAction } from "~/routes/_public.me.lost";
import { action as meAction, loader as meLoader } from "~/routes/_public.me.$token";
import { loader as dataLoader } from "~/routes/_public.me.$token.data[.]json";
import { CONSENT_VERSION } from "~/domain/participants/consent";
import { listTownRefs } from "~/models/participant/formOptions.server";
import { updateParticipant } from "~/models/participant/profile.server";
import { participantFormValues, participantSchema } from "~/schemas/participant";
import { nowIso } from "~/utils/clock.server";
import { parseValues } from "~/utils/forms";
import { hashToken } from "~/utils/token.server";

import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { signUpFields } from "../helpers/forms";
import { deliverOutbox, useOutbox, withMailDown } from "../helpers/mail";
import { formRequest, getRequest, settle } from "../helpers/requests";

let test: TestDatabase;
const outbox = useOutbox();
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.close();
});

const GOOD = signUpFields();

// Each post from an address of its own, so the public forms' per-address limit never gets in the way here.
let ips = 0;
const clientIp = () => ({ clientIp: `203.0.113.${++ips}` });
const join = (fields: Record<string, string | string[]>) => settle(() => joinAction({ request: formRequest("/join", fields), params: {}, context: clientIp() }));
const me = (token: string, fields?: Record<string, string | string[]>) =>
  fields
    ? settle(() => meAction({ request: formRequest(`/me/${token}`, fields), params: { token }, context: {} }))
    : settle(() => meLoader({ request: getRequest(`/me/${token}`), params: { token }, context: {} }));
const readOutbox = outbox.messages;

describe("sign-up on /join", () => {
  it.each([
    ["no e-mail and no phone", { email: "", phone: "" }, "email", "validation.contactRequired"],
    ["a malformed e-mail", { email: "olena-at-example" }, "email", "validation.email"],
    ["an unknown home town", { home_town: "atlantis" }, "home_town", "validation.unknownChoice"],
    ["no consent", { consent: [] as string[] }, "consent", "validation.mustAgree"],
    ["a negative travel time", { max_travel_minutes: "-30" }, "max_travel_minutes", "validation.numberRange?min=15&max=720"],
    ["an unknown language level", { lang_level: ["native", "superb", ""] }, "languages.1.level", "validation.unknownChoice"],
  ])("with %s stores nothing and says what is wrong", async (_label, change, field, message) => {
    const before = await rowCounts(test.db);
    const response = await join({ ...GOOD, ...change });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors[field]).toBe(message);
    // What was typed comes back, so the form is not emptied.
    expect(body.values.first_name).toBe("Олена");
    expect(await rowCounts(test.db)).toEqual(before);
    expect(await readOutbox()).toEqual([]);
  });

  it("stores the participant, languages, offers, dates, consent and only the hash of a new private link", async () => {
    const before = await rowCounts(test.db);
    const response = await join(GOOD);
    // With an e-mail address the link goes by e-mail only (see privacy-signup.test.ts).
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/join?sent=1");
    const token = (await readOutbox())[0]?.text.match(/\/me\/([A-Za-z0-9_-]{43})/)?.[1];
    expect(token).toBeDefined();

    const after = await rowCounts(test.db);
    expect(after.participant).toBe(before.participant + 1);
    expect(after.participant_language).toBe(before.participant_language + 2);
    expect(after.participant_offer).toBe(before.participant_offer + 2);
    expect(after.access_token).toBe(before.access_token + 1);

    const p = await test.db.selectFrom("participant").selectAll().where("email", "=", "olena@example.org").executeTakeFirstOrThrow();
    expect(p).toMatchObject({
      first_name: "Олена",
      home_town_id: expect.any(Number),
      max_travel_minutes: 180,
      monthly_cap: 2,
      needs_childcare: 1,
      preferred_locale: "uk",
      country_of_origin: "UA",
      consent_version: CONSENT_VERSION,
    });
    expect(JSON.parse(p.weekdays)).toEqual([0, 6]);
    expect(Date.now() - Date.parse(p.consent_at!)).toBeLessThan(60_000);
    const offers = await test.db.selectFrom("participant_offer").select(["offer", "description"]).where("participant_id", "=", p.id).orderBy("offer").execute();
    expect(offers).toEqual([
      { offer: "crafts", description: "Вишиті рушники" },
      { offer: "story", description: null },
    ]);
    const dates = await test.db.selectFrom("participant_unavailable_date").select("date").where("participant_id", "=", p.id).execute();
    expect(dates).toEqual([{ date: "2026-12-24" }]);

    const tokens = await test.db.selectFrom("access_token").selectAll().where("subject_id", "=", p.id).where("purpose", "=", "participant").execute();
    expect(tokens.map((t) => t.token_hash)).toEqual([hashToken(token!)]);
    const dump = JSON.stringify(await test.db.selectFrom("access_token").selectAll().execute()) + JSON.stringify(p);
    expect(dump).not.toContain(token);

    // The link is mailed in the participant's language.
    const mails = await readOutbox();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: "olena@example.org", subject: "Ваше особисте посилання Tuttav" });
    expect(mails[0].text).toContain(`/me/${token}`);

    const page = await me(token!);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    expect((await page.json()).firstName).toBe("Олена");
  });

  it("keeps a sign-up whose welcome e-mail cannot go, with the usual answer", async () => {
    const response = await join({ ...GOOD, email: "no-mail@example.org" });
    await withMailDown(deliverOutbox);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/join?sent=1");
    await test.db.selectFrom("participant").select("id").where("email", "=", "no-mail@example.org").executeTakeFirstOrThrow();
    expect(await readOutbox()).toEqual([]);
  });

  it("stores nothing for a second sign-up with the same e-mail, whatever its case, and answers as for a new one", async () => {
    const before = await rowCounts(test.db);
    const response = await join({ ...GOOD, email: "OLENA@example.ORG" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/join?sent=1");
    expect(await rowCounts(test.db)).toEqual(before);
  });
});

async function signUp(email: string): Promise<{ token: string; id: number }> {
  await join({ ...GOOD, email });
  const token = (await readOutbox()).findLast((m) => m.to === email)!.text.match(/\/me\/([A-Za-z0-9_-]{43})/)![1];
  const { id } = await test.db.selectFrom("participant").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  return { token, id };
}

describe("the private page /me/<token>", () => {
  it("saves edits made through the link, and refuses bad ones without changing anything", async () => {
    const { token, id } = await signUp("edit@example.org");
    const edited = {
      ...GOOD,
      intent: "profile",
      email: "edit@example.org",
      weekdays: ["2", "4"],
      times_of_day: ["evening"],
      max_travel_minutes: "90",
      lang_code: ["et"],
      lang_level: ["basic"],
      offers: ["music"],
      unavailable_dates: ["2027-01-06"],
    };
    delete (edited as Record<string, unknown>).consent;
    const saved = await me(token, edited);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/me/${token}?done=saved#details`);
    const p = await test.db.selectFrom("participant").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(JSON.parse(p.weekdays)).toEqual([2, 4]);
    expect(JSON.parse(p.times_of_day)).toEqual(["evening"]);
    expect(p.max_travel_minutes).toBe(90);
    expect(await test.db.selectFrom("participant_language").select(["code", "level"]).where("participant_id", "=", id).execute()).toEqual([{ code: "et", level: "basic" }]);
    expect(await test.db.selectFrom("participant_offer").select("offer").where("participant_id", "=", id).execute()).toEqual([{ offer: "music" }]);
    expect(await test.db.selectFrom("participant_unavailable_date").select("date").where("participant_id", "=", id).execute()).toEqual([{ date: "2027-01-06" }]);
    const audit = await test.db.selectFrom("audit_log").select(["action", "actor_kind"]).where("entity", "=", "participant").where("entity_id", "=", id).execute();
    expect(audit).toContainEqual({ action: "participant.update", actor_kind: "participant" });

    const before = await rowCounts(test.db);
    const refused = await me(token, { ...edited, weekdays: [] });
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors.weekdays).toBe("validation.atLeastOne");
    expect(await rowCounts(test.db)).toEqual(before);
    expect(JSON.parse((await test.db.selectFrom("participant").select("weekdays").where("id", "=", id).executeTakeFirstOrThrow()).weekdays)).toEqual([2, 4]);
  });

  it("answers a save for someone erased meanwhile with not_found, and writes nothing", async () => {
    const { id } = await signUp("erased-meanwhile@example.org");
    const form = await formRequest("/me/x", { ...GOOD, email: "erased-meanwhile@example.org", weekdays: ["3"] }).formData();
    const parsed = parseValues(participantSchema({ towns: await listTownRefs(), mode: "edit", now: nowIso() }), participantFormValues(form));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    await test.db.updateTable("participant").set({ erased_at: nowIso() }).where("id", "=", id).execute();
    const row = () => test.db.selectFrom("participant").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const [before, counts] = [await row(), await rowCounts(test.db)];
    expect(await updateParticipant(id, parsed.data, { kind: "participant", participantId: id })).toEqual({ ok: false, code: "not_found" });
    expect(await row()).toEqual(before);
    expect(await rowCounts(test.db)).toEqual(counts);
  });

  it("pauses invitations until a date and resumes them", async () => {
    const { token, id } = await signUp("pause@example.org");
    expect((await me(token, { intent: "pause", paused_until: "2027-02-01" })).status).toBe(302);
    expect((await test.db.selectFrom("participant").select("paused_until").where("id", "=", id).executeTakeFirstOrThrow()).paused_until).toBe("2027-02-01");
    expect((await me(token, { intent: "pause", paused_until: "someday" })).status).toBe(400);
    expect((await me(token, { intent: "resume" })).status).toBe(302);
    expect((await test.db.selectFrom("participant").select("paused_until").where("id", "=", id).executeTakeFirstOrThrow()).paused_until).toBeNull();
  });

  it("answers 404 for an unknown or revoked link, for pages, actions and the download alike", async () => {
    const { token } = await signUp("revoked@example.org");
    const unknown = "x".repeat(43);
    expect((await me(unknown)).status).toBe(404);
    expect((await me("not a token")).status).toBe(404);
    expect((await me(unknown, { intent: "pause", paused_until: "2027-01-01" })).status).toBe(404);

    // Asking for a new link revokes the old one.
    const before = await rowCounts(test.db);
    const lost = await settle(() => lostAction({ request: formRequest("http://localhost/me/lost", { email: "Revoked@example.org" }), params: {}, context: clientIp() }));
    expect(lost.status).toBe(200);
    expect(await lost.json()).toEqual({ errors: {}, sent: true });
    expect((await rowCounts(test.db)).access_token).toBe(before.access_token + 1);
    const mail = (await readOutbox()).at(-1)!;
    expect(mail.subject).toBe("Ваше нове посилання Tuttav");
    const fresh = mail.text.match(/\/me\/([A-Za-z0-9_-]{43})/)![1];
    expect(fresh).not.toBe(token);
    expect((await me(token)).status).toBe(404);
    expect((await me(token, { intent: "resume" })).status).toBe(404);
    expect((await settle(() => dataLoader({ request: getRequest(`/me/${token}/data.json`), params: { token }, context: {} }))).status).toBe(404);
    expect((await me(fresh)).status).toBe(200);
  });

  it("keeps the old link working, and gives the same answer, when the new one cannot be e-mailed", async () => {
    const { token, id } = await signUp("keep@example.org");
    const welcome = await readOutbox();
    const lost = await settle(() => lostAction({ request: formRequest("/me/lost", { email: "keep@example.org" }), params: {}, context: clientIp() }));
    await withMailDown(deliverOutbox);
    expect(lost.status).toBe(200);
    expect(await lost.json()).toEqual({ errors: {}, sent: true });
    // Not delivered: the old link works; the new one waits in the outbox for the next try (see privacy-mail.test.ts for a final failure).
    expect((await me(token)).status).toBe(200);
    const live = await test.db
      .selectFrom("access_token")
      .select("token_hash")
      .where("purpose", "=", "participant")
      .where("subject_id", "=", id)
      .where("revoked_at", "is", null)
      .execute();
    expect(live).toContainEqual({ token_hash: hashToken(token) });
    const waiting = await test.db.selectFrom("message").select(["state", "tries"]).where("participant_id", "=", id).where("kind", "=", "link_resent").execute();
    expect(waiting).toEqual([{ state: "pending", tries: 1 }]);
    expect(await readOutbox()).toEqual(welcome);
  });

  it("answers the lost-link form the same way for an unknown e-mail, and sends nothing", async () => {
    const before = await rowCounts(test.db);
    const response = await settle(() => lostAction({ request: formRequest("/me/lost", { email: "nobody@example.org" }), params: {}, context: clientIp() }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ errors: {}, sent: true });
    expect(await rowCounts(test.db)).toEqual(before);
    expect(await readOutbox()).toEqual([]);
  });

  it("downloads everything about the participant as a JSON attachment", async () => {
    const { token, id } = await signUp("data@example.org");
    const response = await settle(() => dataLoader({ request: getRequest(`/me/${token}/data.json`), params: { token }, context: {} }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="tuttav-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = await response.json();
    expect(data.profile).toMatchObject({
      id,
      email: "data@example.org",
      firstName: "Олена",
      languages: [
        { code: "uk", level: "native" },
        { code: "ru", level: "fluent" },
      ],
    });
    expect(data.profile.unavailableDates).toEqual(["2026-12-24"]);
    expect(data).toHaveProperty("assignments");
    expect(data).toHaveProperty("feedback");
    expect(data).toHaveProperty("travelClaims");
  });
});
