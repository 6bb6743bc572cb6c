import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { LOCALES } from "~/domain/vocabulary";
import { resources } from "~/i18n/resources";
import { auditNames, listAuditLog } from "~/models/auditLog.server";
import { listVenueOptions } from "~/models/event/venues.server";
import { participantIdForToken } from "~/models/participant/links.server";
import { loader as auditLoader } from "~/routes/admin.audit";
import { action as participantAction } from "~/routes/admin.participants.$id";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { formRequest, getRequest, settle } from "../helpers/requests";

const DEMO_LINK = "demo-participant-olena-kovalenko-0001";

let test: TestDatabase;
let cookie: string;
let participantId: number;

beforeAll(async () => {
  test = await createTestDatabase({ demo: true });
  cookie = (await loginAsNewCoordinator("admin")).cookie;
  participantId = (await participantIdForToken(DEMO_LINK))!;
});
afterAll(() => test.close());

const newLink = (fields: Record<string, string>) =>
  settle(() =>
    participantAction({
      request: formRequest(`/admin/participants/${participantId}`, { intent: "new-link", ...fields }, { cookie }),
      params: { id: String(participantId) },
      context: {},
    }),
  );

describe("a participant's new private link (coordinator)", () => {
  it("is not made by one click: without the confirmation nothing changes and the answer says why", async () => {
    expect(participantId).toBeGreaterThan(0);
    for (const fields of [{}, { confirm: "" }, { confirm: "no" }, { confirm: "YES " }] as Record<string, string>[]) {
      const before = await rowCounts(test.db);
      const response = await newLink(fields);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.link).toBeNull();
      expect(body.error).toBe("adminpages.participantLink.confirmMissing");
      for (const locale of LOCALES) expect(resources[locale].translation.adminpages).toHaveProperty("participantLink.confirmMissing");
      expect(await rowCounts(test.db)).toEqual(before);
      // The link the participant has still works.
      expect(await participantIdForToken(DEMO_LINK)).toBe(participantId);
    }
  });

  it("once confirmed, replaces the old link with a new one, and the log says so in words", async () => {
    const response = await newLink({ confirm: "yes" });
    expect(response.status).toBe(200);
    const { link, error } = await response.json();
    expect(error).toBeNull();
    const token = new URL(link).pathname.replace("/me/", "");
    expect(await participantIdForToken(DEMO_LINK)).toBeNull();
    expect(await participantIdForToken(token)).toBe(participantId);

    const { entries } = await listAuditLog({ action: "participant.link_replaced" });
    expect(entries[0]).toMatchObject({ entity: "participant", entity_id: participantId, details: {} });
    const names = await auditNames([{ entity: "participant", entityId: participantId, details: {} }], "en");
    expect(names.participants[participantId]).toMatch(/^Olena/);
  });
});

describe("the audit log page", () => {
  it("sends entries with the names of what they concern, and the filter menus in words", async () => {
    const response = await settle(() => auditLoader({ request: getRequest("/admin/audit?lng=ru", { cookie }), params: {}, context: {} }));
    expect(response.status).toBe(200);
    const data = await response.json();
    const entry = data.entries.find((e: { action: string }) => e.action === "participant.link_replaced");
    expect(entry).toMatchObject({ entity: "participant", entityId: participantId, actorKind: "user", actorName: "Test admin", details: {} });
    expect(data.names.participants[participantId]).toMatch(/^Olena/);
    expect(data.vocabulary.actions).toContainEqual({ code: "participant.link_replaced", name: "Новая личная ссылка" });
    expect(data.vocabulary.entities).toContainEqual({ code: "participant", name: "Участник" });
    for (const option of [...data.vocabulary.actions, ...data.vocabulary.entities]) expect(option.name).not.toContain(".");
  });
});

describe("venue choices", () => {
  it("come by town, then name, in Estonian alphabetical order", async () => {
    const venues = await listVenueOptions();
    expect(venues.length).toBeGreaterThan(3);
    const estonian = new Intl.Collator("et");
    for (let i = 1; i < venues.length; i++) {
      const [a, b] = [venues[i - 1], venues[i]];
      const order = estonian.compare(a.town_name, b.town_name) || estonian.compare(a.name, b.name);
      expect(order, `${a.name}, ${a.town_name} before ${b.name}, ${b.town_name}`).toBeLessThanOrEqual(0);
    }
  });

  it("put a lower-case venue name and a town with Š where an Estonian reader looks for them", async () => {
    const at = new Date().toISOString();
    const { id } = await test.db
      .insertInto("town")
      .values({ slug: "silla-test", name: "Šilla", region_code: "EE-84", lat: 58.3, lon: 25.6, landmass: "mainland" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await test.db
      .insertInto("venue")
      .values([
        { town_id: id, name: "Rahvamaja", venue_type: "community_centre", created_at: at },
        { town_id: id, name: "kohvik Pärl", venue_type: "cafe", created_at: at },
      ])
      .execute();
    const names = (await listVenueOptions()).map((v) => `${v.name}, ${v.town_name}`);
    // SQLite's own order puts "Šilla" after "Võru" and "Rahvamaja" before "kohvik".
    expect(names.indexOf("kohvik Pärl, Šilla")).toBeGreaterThan(names.indexOf("Rapla Keskraamatukogu, Rapla"));
    expect(names.indexOf("Rahvamaja, Šilla")).toBe(names.indexOf("kohvik Pärl, Šilla") + 1);
    expect(names.indexOf("Võru Linnaraamatukogu, Võru")).toBe(names.indexOf("Rahvamaja, Šilla") + 1);
  });
});
