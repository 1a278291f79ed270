import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { setHtmlSecurityHeaders } from '../http/security-headers';
import { randomToken } from '../lib/crypto';
import { articlePage, indexPage } from './pages';

/**
 * The demo newsroom `npm start` serves: an article with the widget under it, and an index
 * page with two articles' widgets and the iframe embed. Uses the seeded `demo` site. The pages
 * carry the kind of strict CSP a careful newsroom would: the widget needs only `script-src`
 * and `connect-src` for the Tanggap origin (here, the same one), and no inline styles.
 */
export function demoRoutes() {
  const app = new Hono<AppEnv>();
  const policy = (nonce: string) => ({
    scriptSrc: ["'self'", `'nonce-${nonce}'`],
    styleSrc: [`'nonce-${nonce}'`],
    connectSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    frameSrc: ["'self'"],
  });
  app.get('/', (c) => {
    const nonce = randomToken(16);
    setHtmlSecurityHeaders(c, policy(nonce));
    return c.html(articlePage(nonce));
  });
  app.get('/demo/index', (c) => {
    const nonce = randomToken(16);
    setHtmlSecurityHeaders(c, policy(nonce));
    return c.html(indexPage(new URL(c.req.url).origin, nonce));
  });
  return app;
}
