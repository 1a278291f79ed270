import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { articlePage, indexPage } from './pages';

/**
 * The demo newsroom `npm start` serves: an article with the widget under it, and an index
 * page with two articles' widgets and the iframe embed. Uses the seeded `demo` site.
 */
export function demoRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.html(articlePage()));
  app.get('/demo/index', (c) => c.html(indexPage(new URL(c.req.url).origin)));
  return app;
}
