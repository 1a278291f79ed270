import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { requestTime } from '../../http/context';
import { privateJson } from '../../http/cache';
import { publish } from '../../http/events';
import { responses } from '../../http/openapi';
import { validate } from '../../http/validate';
import { siteParamsSchema } from '../schemas';
import { authenticate, type NewsroomEnv, requireCsrf, requireRole, signIn, signOut } from './middleware';
import { createdKeySchema, createKeyBodySchema, keyIdParamsSchema, keySummarySchema, principalSchema, sessionSchema, signInBodySchema } from './schemas';
import { createKey, listKeys, revokeKey, sitesFor } from './service';

const tags = ['Newsroom: access'];

export function accessRoutes() {
  const app = new Hono<NewsroomEnv>();

  app.post(
    '/session',
    describeRoute({
      tags,
      summary: 'Sign in with an API key',
      description:
        'Opens a dashboard session: sets a signed, HttpOnly, SameSite=Strict cookie (Secure over https) and returns the CSRF token that state-changing session requests must send as `X-CSRF-Token`. At most 20 attempts per client per 15 minutes.',
      responses: responses({ description: 'Signed in', schema: sessionSchema }, [400, 401, 429]),
    }),
    validate('json', signInBodySchema),
    async (c) => {
      const { principal, csrfToken, expiresAt } = await signIn(c, c.req.valid('json').key);
      return privateJson(c, { role: principal.role, siteId: principal.siteId, name: principal.name, csrfToken, expiresAt });
    },
  );

  app.delete(
    '/session',
    describeRoute({
      tags,
      summary: 'Sign out',
      description: 'Ends the session and clears its cookie. A session must send its CSRF token as `X-CSRF-Token`, like every other session write.',
      responses: responses({ status: 204, description: 'Signed out' }, [401, 403]),
    }),
    authenticate(),
    requireCsrf(),
    async (c) => {
      await signOut(c);
      return c.body(null, 204);
    },
  );

  app.get(
    '/me',
    describeRoute({
      tags,
      summary: 'Who am I',
      description: "The calling key's role and the sites it may open.",
      responses: responses({ description: 'The caller', schema: principalSchema }, [401]),
    }),
    authenticate(),
    async (c) => {
      const principal = c.var.principal;
      const sites = await sitesFor({ db: c.var.deps.db, principal });
      return privateJson(c, { keyId: principal.keyId, siteId: principal.siteId, role: principal.role, name: principal.name, sites });
    },
  );

  app.get(
    '/sites/:site/keys',
    describeRoute({
      tags,
      summary: "List a site's API keys",
      description: 'Names, roles, public prefixes and usage; never the keys themselves. Admin role.',
      responses: responses({ description: 'Keys', schema: v.object({ keys: v.array(keySummarySchema) }) }, [401, 403, 404]),
    }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    async (c) => privateJson(c, { keys: await listKeys({ db: c.var.deps.db, siteId: c.var.site.id }) }),
  );

  app.post(
    '/sites/:site/keys',
    describeRoute({
      tags,
      summary: 'Create an API key',
      description: 'Returns the key in full **once**; only its hash is stored. Admin role.',
      responses: responses({ status: 201, description: 'The new key', schema: createdKeySchema }, [400, 401, 403, 404]),
    }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    validate('json', createKeyBodySchema),
    async (c) => {
      const { name, role } = c.req.valid('json');
      const created = await createKey({ db: c.var.deps.db, secret: c.var.deps.config.secret, siteId: c.var.site.id, role, name });
      c.header('Cache-Control', 'no-store');
      return c.json(created, 201);
    },
  );

  app.delete(
    '/sites/:site/keys/:id',
    describeRoute({
      tags,
      summary: 'Revoke an API key',
      description: 'The key stops working at once and its sessions end. Admin role.',
      responses: responses({ status: 204, description: 'Revoked' }, [400, 401, 403, 404]),
    }),
    requireRole('admin'),
    validate('param', keyIdParamsSchema),
    async (c) => {
      const { deps, site } = c.var;
      await publish(c, (await revokeKey({ db: deps.db, siteId: site.id, keyId: c.req.valid('param').id, now: requestTime(c) })).events);
      return c.body(null, 204);
    },
  );

  return app;
}
