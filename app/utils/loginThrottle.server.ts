import { createRateLimiter } from "./rateLimit.server";

// Failed logins: 5 per account and 10 per address in 15 minutes, then a pause. Counting only
// failures means a coordinator who types the password right is never slowed down.
const WINDOW_MS = 15 * 60_000;
export const failedLoginsByAccount = createRateLimiter({ limit: 5, windowMs: WINDOW_MS });
export const failedLoginsByIp = createRateLimiter({ limit: 10, windowMs: WINDOW_MS });
