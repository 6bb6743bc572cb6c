import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireCoordinator } from "~/utils/auth.server";

// Sections in the navigation whose pages are not built yet. They show their heading and nothing
// else rather than fake content; a real route file (e.g. admin.requests.tsx) takes precedence.
const PENDING_SECTIONS = ["requests", "events", "participants", "matching", "reports"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  if (!params.section || !PENDING_SECTIONS.includes(params.section)) throw new Response("Not found", { status: 404 });
  return json({ section: params.section });
}

export default function PendingSection() {
  const { section } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return <h1>{t(`admin.nav.${section}`)}</h1>;
}
