import { RegExpRouter } from 'hono/router/reg-exp-router';
import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app';

describe('routing', () => {
  it("compiles every route with Hono's regular-expression router, so no request falls back to the trie router", async () => {
    const { app } = await testApp();
    const router = new RegExpRouter<unknown>();
    for (const route of app.routes) router.add(route.method, route.path, route.handler);
    // The router compiles on its first match, and throws there if any one path is beyond it.
    expect(() => router.match('GET', '/widget.js')).not.toThrow();
    expect(app.routes.length).toBeGreaterThan(100);
  });
});
