import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { privateJson } from '../http/cache';
import { type AppEnv, requestTime } from '../http/context';
import { responses } from '../http/openapi';
import { validate } from '../http/validate';
import { ssoCheckBodySchema, ssoIdentitySchema, ssoSiteParamsSchema } from './schemas';
import { checkSsoToken } from './service';

/** The readers' side of signing in through the site's own accounts (see README.md here). */
export function ssoRoutes() {
  const app = new Hono<AppEnv>();

  app.post(
    '/sites/:site/sso/verify',
    describeRoute({
      tags: ['Readers'],
      summary: "Check a sign-in token from the site's login",
      description:
        "The widget calls this when the page signs a reader in (`data-sso-token` or `Tanggap.signIn(token)`), so a bad token is refused at once rather than at the first comment. The token is an HS256 JWT signed with the site's SSO secret with `sub`, `name`, optional `avatar` and `aud` (the site id), and `exp` at most 24 hours after `iat`. Answers with the name comments will show, until when, and the house rules version the account already agreed to. Refusals each have their own code: `sso_token_invalid` (malformed, wrong claims, over 24 hours), `sso_token_forged` (not signed with this site's secret), `sso_token_wrong_site` (`aud` names another site), `sso_token_expired` (expired on arrival), `sso_token_replayed` (expired after it was used), and 422 `sso_not_enabled` when the site does not use SSO. Nothing about the reader is stored but a keyed hash of the token, kept a week past its expiry to recognise a replay.",
      responses: responses({ description: 'Who the token signs in', schema: ssoIdentitySchema }, [400, 401, 403, 404, 413, 422]),
    }),
    validate('param', ssoSiteParamsSchema),
    validate('json', ssoCheckBodySchema),
    async (c) => {
      const body = c.req.valid('json');
      if (body.lang) c.set('locale', body.lang);
      const { db, config } = c.var.deps;
      return privateJson(c, await checkSsoToken({ db, secret: config.secret, siteId: c.req.valid('param').site, token: body.token, now: requestTime(c) }));
    },
  );

  return app;
}
