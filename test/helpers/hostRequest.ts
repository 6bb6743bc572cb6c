/** A host files an event request through the public form, as in the browser; for tests that need one. */
import type { DB } from "#db/connection";
import { action as requestAction } from "~/routes/_public.request";
import { hashToken } from "~/utils/token.server";

import { formRequest, settle } from "./requests";

let hosts = 0;

/** Files a cosy-corner request in Kärdla up to `windowTo`; returns its id and the host's status-link token. */
export async function fileHostRequest(
  db: DB,
  options: { organisation: string; windowTo: string; email?: string; phone?: string; lng?: string; keepMessage?: boolean },
): Promise<{ id: number; token: string }> {
  const town = await db.selectFrom("town").select("id").where("slug", "=", "kardla").executeTakeFirstOrThrow();
  const fields = {
    organisation: options.organisation,
    contactName: "Piret Tamm",
    email: options.email ?? "piret@kardla.example",
    phone: options.phone ?? "+372 5333 4444",
    townId: String(town.id),
    venue: "new",
    venueName: "Kärdla kohvik",
    venueAddress: "Keskväljak 1",
    venueCapacity: "30",
    kind: "cosy_corner",
    windowFrom: "2026-05-20",
    windowTo: options.windowTo,
    expectedAudience: "15",
    localLanguages: ["et"],
    message: "",
  };
  const response = await settle(() =>
    requestAction({ request: formRequest(`/request?lng=${options.lng ?? "en"}`, fields), params: {}, context: { clientIp: `203.0.113.${++hosts}` } }),
  );
  if (response.status !== 302) throw new Error(`The request form answered ${response.status}`);
  const token = /^\/request\/status\/([A-Za-z0-9_-]+)\?created=1$/.exec(response.headers.get("Location") ?? "")![1];
  const { subject_id } = await db.selectFrom("access_token").select("subject_id").where("token_hash", "=", hashToken(token)).executeTakeFirstOrThrow();
  // The status-link message the form queued is tested on its own (mail-smtp tests); the tests that
  // file a request here read the messages that follow from it.
  if (!options.keepMessage) await db.deleteFrom("message").where("request_id", "=", subject_id).where("kind", "=", "host_link").execute();
  return { id: subject_id, token };
}
