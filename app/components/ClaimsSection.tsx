import { Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { formatLongDate } from "~/utils/dates";
import { useLocale } from "~/utils/locale";
import { formatEuros } from "~/utils/money";

type Claimable = {
  assignmentId: number;
  title: string;
  startsAt: string;
  townName: string;
  claim: { id: number; status: "submitted" | "approved" | "paid" | "rejected"; amountCents: number; rejectionReason: string | null } | null;
};

/** /me: the events a participant went to, each with its travel claim or a link to make one (issue 17). */
export function ClaimsSection({ claims, token }: { claims: Claimable[]; token: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [searchParams] = useSearchParams();
  const lng = searchParams.get("lng");
  const href = (assignmentId: number) => `/me/${token}/claims/${assignmentId}${lng ? `?lng=${lng}` : ""}`;
  return (
    <section id="claims" aria-labelledby="claims-title" className="narrow participant-claims">
      <h2 id="claims-title">{t("claims.me.sectionTitle")}</h2>
      <p>{t("claims.me.sectionLead")}</p>
      {claims.length === 0 ? (
        <p className="empty">{t("claims.me.nothingToClaim")}</p>
      ) : (
        <ul className="claimable-list">
          {claims.map((item) => (
            <li key={item.assignmentId} className="claimable">
              <p className="claimable-event">
                <strong>{item.title}</strong> · {formatLongDate(item.startsAt, locale)} · {item.townName}
              </p>
              {item.claim ? (
                <p className={`claim-state claim-state-${item.claim.status}`}>
                  <span className={`badge claim-badge-${item.claim.status}`}>{t(`claims.status.${item.claim.status}`)}</span> {formatEuros(item.claim.amountCents, locale)}
                  {item.claim.status === "rejected" && item.claim.rejectionReason ? (
                    <span className="claim-reason">
                      {" "}
                      · {t("claims.me.rejectedBecause")} {item.claim.rejectionReason}
                    </span>
                  ) : null}{" "}
                  <Link to={href(item.assignmentId)}>{item.claim.status === "submitted" || item.claim.status === "rejected" ? t("claims.me.change") : t("claims.me.see")}</Link>
                </p>
              ) : (
                <p>
                  <Link className="button secondary" to={href(item.assignmentId)}>
                    {t("claims.me.claim")}
                  </Link>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
