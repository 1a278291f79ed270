import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';

const MAX_LENGTH = 64;
const SAFE = /^[\w\-=]+$/;

/** The caller's X-Request-Id when it is short and plain (so logs can be correlated), else a new one. */
export function requestIdFor(claimed: string | undefined): string {
  return claimed && claimed.length <= MAX_LENGTH && SAFE.test(claimed) ? claimed : crypto.randomUUID();
}

/** Gives every request an id, echoed in `X-Request-Id` and in error envelopes. */
export function requestIds(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = requestIdFor(c.req.header('x-request-id'));
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  };
}
