/** Builds a form POST as a browser would send it. */
export function formRequest(url: string, fields: Record<string, string | string[]>, init: { cookie?: string } = {}): Request {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(new URL(url, "http://localhost"), { method: "POST", body, headers });
}

/** A GET with optional cookie and headers. */
export function getRequest(url: string, init: { cookie?: string; headers?: Record<string, string> } = {}): Request {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(new URL(url, "http://localhost"), { headers });
}

/** The cookie a response sets, ready to send back (name=value only). */
export function cookieFrom(response: Response): string {
  const setCookie = response.headers.get("Set-Cookie") ?? "";
  return setCookie.split(";")[0];
}

/** Runs a loader or action and returns its Response, whether it was returned or thrown. */
export async function settle(run: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await run();
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { headers: { "Content-Type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
