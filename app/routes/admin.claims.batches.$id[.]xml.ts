import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

import { buildPain001 } from "~/domain/payments/pain001";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { requireCoordinator } from "~/models/auth.server";
import { getBatchForExport } from "~/models/claims/payments.server";
import { nowIso } from "~/utils/clock.server";
import { notFound, parseId } from "~/utils/params";

/**
 * /admin/claims/batches/<id>.xml: the batch as a SEPA credit transfer file (pain.001.001.03) for
 * the bank, paid from the organisation's account in settings; without it, back to the list, which says so.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const id = parseId(params.id);
  const batch = id === null ? null : await getBatchForExport(id, locale);
  if (!batch) throw notFound();
  if (!batch.debtor || batch.transfers.length === 0) return redirect("/admin/claims?state=approved&problem=settings");
  const xml = buildPain001({
    messageId: `TUTTAV-${batch.id}-${batch.createdAt.replace(/\D/g, "").slice(0, 14)}`,
    createdAt: nowIso(),
    executionDate: batch.executionDate,
    debtor: batch.debtor,
    transactions: batch.transfers.map((tx) => ({
      endToEndId: `TUTTAV-CLAIM-${tx.claimId}`,
      amountCents: tx.amountCents,
      creditorName: tx.holder,
      creditorIban: tx.iban,
      remittance: `${batch.message} ${tx.eventDate} (${tx.claimId})`,
    })),
  });
  return new Response(xml, {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Content-Disposition": `attachment; filename="tuttav-batch-${batch.id}-pain001.xml"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
