/**
 * The reference: the smallest Hono JSON route on the same @hono/node-server, so every Tanggap
 * number in the bench is read as a fraction of what this machine can serve at all.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/json', (c) => c.json({ ok: true, message: 'hello' }));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) });
