/** The current instant; tests can pin it with TUTTAV_NOW (ISO-8601) to make dated pages reproducible. */
export function now(): Date {
  const pinned = process.env.TUTTAV_NOW;
  return pinned ? new Date(pinned) : new Date();
}

export function nowIso(): string {
  return now().toISOString();
}
