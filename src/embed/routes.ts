import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { type AppEnv, requestTime } from '../http/context';
import { responses } from '../http/openapi';
import { setHtmlSecurityHeaders } from '../http/security-headers';
import { noteWidgetSighting } from '../http/sightings';
import { validate } from '../http/validate';
import { articleParamsSchema } from '../reactions/schemas';
import { pagePath } from '../sites/sightings';
import { assetFiles, assetPath, serveAsset } from './assets';
import { embedPage, fragmentPage } from './pages';
import { embedQuerySchema, fragmentQuerySchema } from './schemas';
import { loadEmbedSite, readFragment } from './service';

/** A fragment is the same for everyone; a minute of staleness is fine for no-JS readers. */
const FRAGMENT_CACHE = 'public, max-age=60, stale-while-revalidate=300';

/**
 * Ways in besides the script tag: the script itself (stable and content-hashed URLs), the
 * /embed iframe page for AMP and CMSs that forbid third-party scripts, and the server-rendered
 * tally fragment for readers without JavaScript.
 */
export function embedRoutes() {
  const app = new Hono<AppEnv>();

  for (const { path, asset, immutable } of assetFiles) app.get(path, (c) => serveAsset(c, asset, immutable));

  app.get(
    '/embed/:site/:article',
    describeRoute({
      tags: ['Reactions'],
      summary: 'The poll as an iframe page',
      description:
        "For AMP pages and CMSs that forbid third-party scripts: `<iframe src=\"/embed/{site}/{article}?parent=https://your.site\">`. Only the site's own origins may frame it (CSP frame-ancestors); with `parent` the poll reports its height to that origin so the iframe can fit it.",
      responses: responses({ description: 'The iframe page', schema: v.string(), contentType: 'text/html' }, [400, 404]),
    }),
    validate('param', articleParamsSchema),
    validate('query', embedQuerySchema),
    async (c) => {
      const { site: siteId, article } = c.req.valid('param');
      const query = c.req.valid('query');
      const { site, frameAncestors } = await loadEmbedSite({ db: c.get('deps').db, siteId, parentOrigin: query.parent });
      setHtmlSecurityHeaders(c, { scriptSrc: ["'self'"], connectSrc: ["'self'"], frameAncestors });
      // The iframe's own API calls come from this host, so its page is noted here, by `parent` (one of the site's origins).
      if (query.parent) noteWidgetSighting(c, site.id, 'page', query.parent, pagePath(query.parent, query.url));
      c.header('Cache-Control', 'public, max-age=300');
      return c.html(
        embedPage({
          site: site.id,
          article,
          // Like data-lang on the script tag: explicit, else the site's language.
          lang: query.lang ?? site.defaultLocale,
          theme: query.theme,
          url: query.url,
          title: query.title,
          parentOrigin: query.parent,
          widgetSrc: assetPath('widget'),
          resizeSrc: assetPath('embed-resize'),
        }),
      );
    },
  );

  app.get(
    '/v1/sites/:site/articles/:article/fragment',
    describeRoute({
      tags: ['Reactions'],
      summary: "An article's tally and newest comments as static HTML",
      description:
        'The poll, the comment count and the newest five approved comments (escaped plain text, links marked `nofollow ugc`) as a small self-contained HTML page for readers without JavaScript (and crawlers), to put in a `<noscript>` iframe. Anyone may embed it; it is publicly cacheable for a minute.',
      responses: responses({ description: 'The tally as HTML', schema: v.string(), contentType: 'text/html' }, [400, 403, 404]),
    }),
    validate('param', articleParamsSchema),
    validate('query', fragmentQuerySchema),
    async (c) => {
      const { site, article } = c.req.valid('param');
      const { db, ballots, config } = c.get('deps');
      const fragment = await readFragment({
        db,
        ballots,
        secret: config.secret,
        siteId: site,
        externalId: article,
        // The URL alone decides the language (else the site's), so shared caches stay correct.
        locale: c.req.valid('query').lang ?? null,
        now: requestTime(c),
      });
      c.header('Cache-Control', FRAGMENT_CACHE);
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
      // Nothing runs here; the one inline <style> is ours and everything echoed is escaped.
      c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'");
      return c.html(fragmentPage(fragment));
    },
  );

  return app;
}
