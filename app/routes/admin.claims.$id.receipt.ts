import type { LoaderFunctionArgs } from "@remix-run/node";

import { findReceipt } from "~/models/claims/receipts.server";
import { requireCoordinator } from "~/models/auth.server";
import { parseId } from "~/utils/params";
import { receiptResponse } from "~/utils/receiptResponse.server";

/** /admin/claims/<id>/receipt: a claim's receipt, for coordinators. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const claimId = parseId(params.id);
  const receipt = claimId !== null ? await findReceipt(claimId, { coordinator: true }) : null;
  return receiptResponse(receipt, claimId ?? 0);
}
