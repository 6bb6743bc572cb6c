import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { DEFAULT_LOCALE } from "~/domain/vocabulary";
import { useLocale } from "~/utils/locale";
import feedsStyles from "~/styles/feeds.css";

/** The https, webcal:// and Google Calendar "add by URL" links of a feed. */
export function subscribeUrls(feed: string, origin: string) {
  const https = `${origin}${feed}`;
  const webcal = https.replace(/^https?:\/\//, "webcal://");
  return { https, webcal, google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}` };
}

/**
 * "Subscribe" for a calendar feed: a webcal:// link (Apple Calendar, Outlook, phones), Google
 * Calendar's add-by-URL link, and the https link in a read-only input to copy by hand, with a copy
 * button once JavaScript runs. Without `origin` (pages whose loader does not send it) the first
 * two links go through the feed route, which redirects to the absolute link, and the browser
 * fills in the origin after hydration. Public feeds get the page's language (?lng=); personal
 * ones are written in their owner's language.
 */
export function SubscribeLinks({ feed: path, origin, personal = false, open = false }: { feed: string; origin?: string; personal?: boolean; open?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const feed = personal || locale === DEFAULT_LOCALE || /[?&]lng=/.test(path) ? path : `${path}${path.includes("?") ? "&" : "?"}lng=${locale}`;
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [browserOrigin, setBrowserOrigin] = useState<string | null>(null);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  useEffect(() => setBrowserOrigin(window.location.origin), []);

  const base = origin ?? browserOrigin;
  const separator = feed.includes("?") ? "&" : "?";
  const urls = base ? subscribeUrls(feed, base) : { https: feed, webcal: `${feed}${separator}subscribe=webcal`, google: `${feed}${separator}subscribe=google` };

  async function copy() {
    const field = input.current;
    if (!field) return;
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      setCopied("yes");
    } catch {
      // Without clipboard access (e.g. plain http) the link stays selected for Ctrl+C.
      setCopied("no");
    }
  }

  return (
    <details className="subscribe" open={open}>
      {/* Carried by the component, so any page that shows it gets its styles (a body stylesheet is valid HTML). */}
      <link rel="stylesheet" href={feedsStyles} />
      <summary>{t("subscribe.title")}</summary>
      <div className="subscribe-body">
        <p className="subscribe-lead">{t("subscribe.lead")}</p>
        <ul className="subscribe-links">
          <li>
            <a className="button" href={urls.webcal} data-subscribe="webcal">
              {t("subscribe.webcal")}
            </a>
          </li>
          <li>
            <a className="button secondary" href={urls.google} data-subscribe="google" rel="noopener noreferrer" target="_blank">
              {t("subscribe.google")}
            </a>
          </li>
        </ul>
        <div className="field subscribe-copy">
          <label htmlFor={`${id}-url`}>{t("subscribe.copyLabel")}</label>
          <div className="subscribe-copy-row">
            <input ref={input} id={`${id}-url`} type="text" readOnly value={urls.https} onFocus={(e) => e.currentTarget.select()} data-subscribe="https" />
            {browserOrigin ? (
              <button type="button" className="secondary" onClick={copy}>
                {t("subscribe.copy")}
              </button>
            ) : null}
          </div>
          <p className="subscribe-status" role="status">
            {copied === "yes" ? t("subscribe.copied") : copied === "no" ? t("subscribe.copyByHand") : ""}
          </p>
        </div>
        {personal ? <p className="warning subscribe-private">{t("subscribe.private")}</p> : null}
      </div>
    </details>
  );
}
