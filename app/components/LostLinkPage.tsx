import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { Field } from "./Field";
import { Honeypot } from "./Honeypot";

/** "I lost my link": one e-mail field; the same answer whether or not the address is known. */
export function LostLinkPage(props: { title: string; lead: string; sent: string | null; submit: string; hint: string; error?: string }) {
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
      <p className="hint">{props.hint}</p>
    </div>
  );
}
