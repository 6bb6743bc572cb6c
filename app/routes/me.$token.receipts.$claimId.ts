import type { LoaderFunctionArgs } from "@remix-run/node";

import { findReceipt } from "~/models/claims/receipts.server";
import { participantIdForToken } from "~/models/participant/links.server";
import { parseId } from "~/utils/params";
import { receiptResponse } from "~/utils/receiptResponse.server";

/** /me/<token>/receipts/<claimId>: a participant's own receipt; another's is not found. */
export async function loader({ params }: LoaderFunctionArgs) {
  const participantId = await participantIdForToken(params.token);
  const claimId = parseId(params.claimId);
  const receipt = participantId !== null && claimId !== null ? await findReceipt(claimId, { participantId }) : null;
  return receiptResponse(receipt, claimId ?? 0);
}
