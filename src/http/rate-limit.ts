import type { Context } from 'hono';
import type { RateQuota } from '../lib/errors';

/**
 * The binding rate limit as the IETF draft's header fields (draft-ietf-httpapi-ratelimit-headers):
 * the policy's limit, what remains of it, and the seconds until more is available. Site CORS
 * exposes them, so the widget can read them cross-origin.
 */
export function setRateLimitHeaders(c: Context, quota: RateQuota): void {
  c.header('RateLimit-Limit', String(quota.limit));
  c.header('RateLimit-Remaining', String(quota.remaining));
  c.header('RateLimit-Reset', String(quota.reset));
}
