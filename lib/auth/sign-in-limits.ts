/**
 * Failed sign-ins allowed within WINDOW_MS: per email address (guessing one account's password),
 * and per client address (spraying many accounts). The address limit is higher because a whole
 * class can sit behind one NAT address. (The numbers alone, without the database: lib/auth/rate-limit.ts
 * applies them.)
 */
export const LIMITS = { email: 10, ip: 30 } as const;
export const WINDOW_MS = 60_000;
