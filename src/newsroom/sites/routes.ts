import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { privateJson } from '../../http/cache';
import { publish } from '../../http/events';
import { responses } from '../../http/openapi';
import { validate } from '../../http/validate';
import { loadSite } from '../../sites/service';
import { type NewsroomEnv, requireInstanceAdmin, requireRole } from '../access/middleware';
import { siteParamsSchema } from '../schemas';
import {
  createSiteBodySchema,
  deletedSiteSchema,
  deleteSiteBodySchema,
  siteDescriptionSchema,
  siteListSchema,
  sitePatchBodySchema,
  siteViewSchema,
} from './schemas';
import { createSite, deleteSite, describeSite, listSites, updateSite } from './service';

const tags = ['Newsroom: sites'];

export function siteRoutes() {
  const app = new Hono<NewsroomEnv>();

  app.post(
    '/sites',
    describeRoute({
      tags,
      summary: 'Create a site',
      description:
        'Instance admin only. `id` (lowercase slug), `name` and `origins` are required; `defaultLocale` defaults to `id`, `timeZone` to `Asia/Jakarta`, `reactionSet` to `indonesian-8` (or `seed-4`, or `custom` with `reactions`). The site and its reactions are written in one batch; an id already taken is a 409.',
      responses: responses({ status: 201, description: 'The new site', schema: siteViewSchema }, [400, 401, 403, 409]),
    }),
    requireInstanceAdmin(),
    validate('json', createSiteBodySchema),
    async (c) => {
      const { site, events } = await createSite({ db: c.var.deps.db, input: c.req.valid('json') });
      await publish(c, events);
      return c.json(site, 201);
    },
  );

  app.get(
    '/sites',
    describeRoute({
      tags,
      summary: 'List sites',
      description: "Every site for the instance admin; a site's key sees its own site only.",
      responses: responses({ description: 'Sites, by id', schema: siteListSchema }, [401]),
    }),
    async (c) => privateJson(c, { sites: await listSites({ db: c.var.deps.db, principal: c.var.principal }) }),
  );

  app.get(
    '/sites/:site',
    describeRoute({
      tags,
      summary: 'Describe a site',
      description: 'The site, its reactions, and what it holds (`holds`: articles, votes, comments, active keys), which is what deleting it would remove. Viewer role.',
      responses: responses({ description: 'The site', schema: siteDescriptionSchema }, [400, 401, 403, 404]),
    }),
    requireRole('viewer'),
    validate('param', siteParamsSchema),
    async (c) => privateJson(c, await describeSite({ db: c.var.deps.db, site: c.var.site })),
  );

  app.patch(
    '/sites/:site',
    describeRoute({
      tags,
      summary: "Change a site's name, origins, language or time zone",
      description: 'Changes only the fields sent; origins are normalised (lower case, no trailing slash, no default port) and deduplicated. Admin role.',
      responses: responses({ description: 'The site', schema: siteViewSchema }, [400, 401, 403, 404]),
    }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    validate('json', sitePatchBodySchema),
    async (c) => {
      const { site, events } = await updateSite({ db: c.var.deps.db, site: c.var.site, patch: c.req.valid('json') });
      await publish(c, events);
      return privateJson(c, site);
    },
  );

  app.delete(
    '/sites/:site',
    describeRoute({
      tags,
      summary: 'Delete a site and everything it holds',
      description:
        'Instance admin only. The body repeats the site id, `{ "confirm": "<site id>" }`; otherwise nothing changes and the 422 says what would be lost. Removes the articles, votes, comments, keys, webhooks and logs for good.',
      responses: responses({ description: 'Deleted', schema: deletedSiteSchema }, [400, 401, 403, 404, 422]),
    }),
    requireInstanceAdmin(),
    validate('param', siteParamsSchema),
    validate('json', deleteSiteBodySchema),
    async (c) => {
      const { db, ballots } = c.var.deps;
      const site = await loadSite({ db, siteId: c.req.valid('param').site });
      const { receipt, events } = await deleteSite({ db, ballots, site, confirm: c.req.valid('json').confirm });
      await publish(c, events);
      return privateJson(c, receipt);
    },
  );

  return app;
}
