/** Which "errors.*" message explains an error status (a post that was not a form: 400/415). */
export function errorKey(status: number): "notFound" | "tooManyRequests" | "forbidden" | "badRequest" | "generic" {
  if (status === 404) return "notFound";
  if (status === 429) return "tooManyRequests";
  if (status === 403) return "forbidden";
  if (status === 400 || status === 415) return "badRequest";
  return "generic";
}
