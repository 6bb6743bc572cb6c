import { Link } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";

import type { AuditEntry, AuditNames } from "~/domain/audit/names";
import { describeAuditEntry } from "~/domain/audit/sentence";
import type { Locale } from "~/domain/vocabulary";
import { formatDayMonth } from "~/utils/dates";

/** One audit log entry as a sentence in the reader's language, the records it names linked. */
export function AuditSentence({ entry, names, locale }: { entry: AuditEntry; names: AuditNames; locale: Locale }) {
  const { t } = useTranslation();
  const parts = describeAuditEntry(entry, names, {
    t: (key, options) => t(key, options ?? {}),
    formatDay: (date, withYear) => formatDayMonth(date, locale, withYear),
  });
  return (
    <>
      {parts.map((part, i) =>
        part.href ? (
          <Link key={i} to={part.href}>
            {part.text}
          </Link>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
