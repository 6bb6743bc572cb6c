import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

import { batchCsv } from "~/domain/payments/claimsCsv";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { requireCoordinator } from "~/models/auth.server";
import { getBatchForExport } from "~/models/claims/payments.server";
import { notFound, parseId } from "~/utils/params";

/** /admin/claims/batches/<id>.csv: a payment batch for the bookkeeper, coordinators only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const id = parseId(params.id);
  const batch = id === null ? null : await getBatchForExport(id, locale);
  if (!batch) throw notFound();
  if (!batch.debtor) return redirect("/admin/claims?state=approved");
  const columns = ["claim", "holder", "iban", "amount", "event", "date", "remittance"].map((c) => t(`claims.csv.${c}`));
  const body = batchCsv(
    batch.transfers.map((tx) => ({
      claimId: tx.claimId,
      holder: tx.holder,
      iban: tx.iban,
      amountCents: tx.amountCents,
      eventTitle: tx.eventTitle,
      eventDate: tx.eventDate,
      remittance: `${batch.message} ${tx.eventDate} (${tx.claimId})`,
    })),
    { columns, total: t("claims.csv.total") },
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="tuttav-batch-${batch.id}.csv"`,
      // Account numbers: never kept by a cache.
      "Cache-Control": "private, no-store",
    },
  });
}
