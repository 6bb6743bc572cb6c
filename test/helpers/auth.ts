import { createUser } from "~/models/user.server";
import { action as loginAction } from "~/routes/_public.login";

import { cookieFrom, formRequest, settle } from "./requests";

/** Creates a coordinator and returns the session cookie of a real login. */
export async function loginAsNewCoordinator(role: "admin" | "coordinator" = "coordinator"): Promise<{ cookie: string; userId: number }> {
  const email = `${role}-${Math.random().toString(36).slice(2)}@example.org`;
  const { id } = await createUser({ email, name: `Test ${role}`, password: "a long test password", role });
  const response = await settle(() => loginAction({ request: formRequest("/login", { email, password: "a long test password" }), params: {}, context: {} }));
  if (response.status !== 302) throw new Error(`Login failed with ${response.status}`);
  return { cookie: cookieFrom(response), userId: id };
}
