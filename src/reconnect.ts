import type { RetryPolicy } from './config';

export type { RetryPolicy };

/** Wait before attempt `attempt` (1-based), with ±jitter spread. */
export function delayFor(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.initialDelay * policy.factor ** (attempt - 1), policy.maxDelay);
  const spread = base * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base + spread));
}

/**
 * Close codes after which the token must be regenerated (LivePerson: 4401 token expired,
 * 4407 identity to extend, 1011 auth trouble; 1008 invalid token in older services).
 */
const AUTH_CLOSE_CODES = new Set([4401, 4407, 1011, 1008]);

/** The one decision of what a failure means for the next attempt. */
export function needsNewToken(reason: { code?: number; error?: { code?: unknown } }): boolean {
  if (reason.code !== undefined && AUTH_CLOSE_CODES.has(reason.code)) return true;
  return reason.error?.code === 401;
}
