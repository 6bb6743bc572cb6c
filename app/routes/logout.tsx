import { type ActionFunctionArgs, redirect } from "@remix-run/node";

import { logout } from "~/models/auth.server";

export async function action({ request }: ActionFunctionArgs) {
  return logout(request);
}

// Logging out changes state, so it is a POST; a GET just goes home.
export async function loader() {
  return redirect("/");
}
