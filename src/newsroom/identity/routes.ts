import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { privateJson } from '../../http/cache';
import { publish } from '../../http/events';
import { requestTime } from '../../http/context';
import { responses } from '../../http/openapi';
import { validate } from '../../http/validate';
import { removeHouseRules, setHouseRules } from '../../comments/rules';
import { rotateSsoSecret } from '../../sso/service';
import { type NewsroomEnv, requireRole } from '../access/middleware';
import { siteParamsSchema } from '../schemas';
import { ssoSecretSchema } from '../../sso/schemas';
import { houseRulesAnswerSchema, houseRulesBodySchema } from './schemas';

const tags = ['Newsroom: settings'];

/**
 * Who may comment and on what terms: the site's SSO secret and its house rules. The mode
 * (`commentIdentity`) and the login URL are ordinary settings; these two need routes of their
 * own, because the secret is shown once and the rules carry a version the server keeps.
 */
export function identityRoutes() {
  const app = new Hono<NewsroomEnv>();

  app.post(
    '/sites/:site/sso/secret',
    describeRoute({
      tags,
      summary: 'Make a new SSO secret',
      description:
        "Makes the secret the site's login signs reader tokens with (HS256), replacing any earlier one at once: tokens signed with the old one are refused from now on. Returned **once**; the server keeps only a random seed from which, with its own secret, it derives the SSO secret again to verify, so a copy of the database cannot sign anyone in. Admin role.",
      responses: responses({ status: 201, description: 'The new secret, shown once', schema: ssoSecretSchema }, [401, 403, 404]),
    }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    async (c) => {
      c.header('Cache-Control', 'private, no-store');
      return c.json(await rotateSsoSecret({ db: c.var.deps.db, secret: c.var.deps.config.secret, siteId: c.var.site.id, now: requestTime(c) }), 201);
    },
  );

  app.put(
    '/sites/:site/rules',
    describeRoute({
      tags,
      summary: 'Set the house rules',
      description:
        'The rules shown at the comment form, in Indonesian and English (plain text, up to 2,000 characters each), and an optional link to the full terms. Changing the text bumps `version`, so every commenter ticks their agreement again before their next comment; changing only the link keeps it. Admin role.',
      responses: responses({ description: 'The rules now shown', schema: houseRulesAnswerSchema }, [400, 401, 403, 404]),
    }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    validate('json', houseRulesBodySchema),
    async (c) => {
      const { text, url } = c.req.valid('json');
      const { rules, events } = await setHouseRules({ db: c.var.deps.db, siteId: c.var.site.id, text, url, now: requestTime(c) });
      await publish(c, events);
      return privateJson(c, { rules });
    },
  );

  app.delete(
    '/sites/:site/rules',
    describeRoute({
      tags,
      summary: 'Stop showing house rules',
      description: 'Comments no longer ask for agreement. The version is kept, so rules set again later ask everyone anew. Admin role.',
      responses: responses({ status: 204, description: 'No rules are shown' }, [401, 403, 404]),
    }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    async (c) => {
      await publish(c, (await removeHouseRules({ db: c.var.deps.db, siteId: c.var.site.id, now: requestTime(c) })).events);
      return c.body(null, 204);
    },
  );

  return app;
}
