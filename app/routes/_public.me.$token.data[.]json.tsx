import type { LoaderFunctionArgs } from "@remix-run/node";

import { exportParticipantData } from "~/models/participant/dataExport.server";
import { participantIdForToken } from "~/models/participant/links.server";
import { notFound } from "~/utils/params";

/** "Download my data": everything we hold about the participant, as a JSON file. */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = await participantIdForToken(params.token);
  const data = id === null ? null : await exportParticipantData(id);
  if (!data) throw notFound({ "Cache-Control": "no-store" });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="tuttav-my-data-${data.exportedAt.slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
