import type { Context, MiddlewareHandler } from 'hono';

/**
 * What an HTML page may load and who may frame it. Every list holds CSP source expressions
 * (`'self'`, `'nonce-…'`, `https://news.example`, `http://localhost:*`).
 */
export type HtmlPolicy = {
  scriptSrc?: readonly string[];
  styleSrc?: readonly string[];
  imgSrc?: readonly string[];
  connectSrc?: readonly string[];
  /** Which pages this page may frame. */
  frameSrc?: readonly string[];
  /** Who may put this page in a frame; nobody unless listed. */
  frameAncestors?: readonly string[];
  /**
   * `strict-origin-when-cross-origin` unless given. The dashboard needs `same-origin`:
   * `no-referrer` would make Chromium send `Origin: null` on its own form posts, which the
   * sign-in origin check refuses.
   */
  referrerPolicy?: 'same-origin' | 'strict-origin-when-cross-origin';
};

const list = (sources: readonly string[] | undefined) => (sources && sources.length > 0 ? sources.join(' ') : "'none'");

/**
 * A Content-Security-Policy that forbids everything the page does not ask for: no plugins, no
 * `<base>` hijacking, forms only to this origin, and framing only by `frameAncestors`.
 *
 * @example contentSecurityPolicy({ scriptSrc: ["'self'"], frameAncestors: frameAncestorSources(site.origins) }) // from lib/origins
 */
export function contentSecurityPolicy(policy: HtmlPolicy = {}): string {
  return [
    "default-src 'none'",
    `script-src ${list(policy.scriptSrc)}`,
    `style-src ${list(policy.styleSrc)}`,
    `img-src ${list(policy.imgSrc)}`,
    `connect-src ${list(policy.connectSrc)}`,
    `frame-src ${list(policy.frameSrc)}`,
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
    `frame-ancestors ${list(policy.frameAncestors)}`,
  ].join('; ');
}

/**
 * Sets the security headers of one HTML response. Pages with their own needs (the /embed
 * iframe, which the site's pages must be able to frame; the dashboard with its script) call
 * this before answering; `htmlSecurityDefaults` covers every other HTML response. A page
 * nobody may frame is also a browsing context of its own (no opener shared with other
 * origins) and may not ask for the camera, microphone or location.
 */
export function setHtmlSecurityHeaders(c: Context, policy: HtmlPolicy = {}): void {
  c.header('Content-Security-Policy', contentSecurityPolicy(policy));
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', policy.referrerPolicy ?? 'strict-origin-when-cross-origin');
  if (!policy.frameAncestors?.length) {
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  }
}

/**
 * App-wide: every response gets `nosniff`; an HTML response that did not set its own policy
 * gets the strictest one (no script, no framing) and a referrer policy, so a page added later
 * is safe before anyone thinks about headers.
 */
export function htmlSecurityDefaults(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    if (!headers.has('X-Content-Type-Options')) headers.set('X-Content-Type-Options', 'nosniff');
    if (!/^text\/html\b/i.test(headers.get('Content-Type') ?? '')) return;
    if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', contentSecurityPolicy());
    if (!headers.has('Referrer-Policy')) headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    if (!headers.has('X-Frame-Options') && /frame-ancestors 'none'/.test(headers.get('Content-Security-Policy') ?? '')) {
      headers.set('X-Frame-Options', 'DENY');
    }
  };
}
