import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { Field } from "./Field";
import { Honeypot } from "./Honeypot";

/** Where a translated sentence puts a link; stripped from the values, so a name cannot forge one. */
const MARK = "\uE000";

/** The organisation's contact, as set on /admin/settings (null where not set). */
export type LostLinkContact = { name: string | null; phone: string | null; email: string | null };

/**
 * "Signed up with a phone number only? Call your coordinator (MTÜ Tuttav) at +372 5555 0100 …",
 * with tel: and mailto: links; null when no phone or e-mail is set (the page keeps its old hint).
 */
export function ContactHint({ question, contact }: { question: string; contact: LostLinkContact | null }) {
  const { t } = useTranslation();
  if (!contact || (!contact.phone && !contact.email)) return null;
  const name = contact.name?.replace(/\uE000/g, "") ?? null;
  // One link per sentence: the text goes around it wherever the language puts it.
  const sentence = (key: string, link: { href: string; text: string }) => {
    const [before, after] = t(key, { name, phone: MARK, email: MARK }).split(MARK);
    return (
      <>
        {before}
        <a href={link.href}>{link.text}</a>
        {after}
      </>
    );
  };
  const tel = contact.phone ? { href: `tel:${contact.phone.replace(/[\s-]/g, "")}`, text: contact.phone } : null;
  const mail = contact.email ? { href: `mailto:${contact.email}`, text: contact.email } : null;
  return (
    <p className="hint lost-link-contact">
      {question} {tel ? sentence(name ? "lostLinkContact.callNamed" : "lostLinkContact.call", tel) : sentence(name ? "lostLinkContact.writeNamed" : "lostLinkContact.write", mail!)}
      {tel && mail ? <> {sentence("lostLinkContact.alsoWrite", mail)}</> : null}
    </p>
  );
}

/** "I lost my link": one e-mail field; the same answer whether or not the address is known. */
export function LostLinkPage(props: {
  title: string;
  lead: string;
  sent: string | null;
  submit: string;
  hint: string;
  error?: string;
  contact?: { question: string; contact: LostLinkContact | null };
}) {
  const hasContact = Boolean(props.contact?.contact && (props.contact.contact.phone || props.contact.contact.email));
  const { t } = useTranslation();
  const navigation = useNavigation();
  return (
    <div className="narrow">
      <h1>{props.title}</h1>
      <p className="lead">{props.lead}</p>
      {props.sent ? (
        <p className="notice" role="status">
          {props.sent}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <Honeypot />
        <Field label={t("participantForm.email")} name="email" error={props.error}>
          {(fieldProps) => <input {...fieldProps} name="email" type="email" autoComplete="email" required />}
        </Field>
        <p>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {props.submit}
          </button>
        </p>
      </Form>
      {hasContact && props.contact ? <ContactHint question={props.contact.question} contact={props.contact.contact} /> : <p className="hint">{props.hint}</p>}
    </div>
  );
}
