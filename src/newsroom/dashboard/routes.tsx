import { type Context, Hono, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { ownOrigin, publicBase, requestTime } from '../../http/context';
import { publish } from '../../http/events';
import { knownError } from '../../http/errors';
import { type HtmlPolicy, setHtmlSecurityHeaders } from '../../http/security-headers';
import { sendStaticFile } from '../../http/static-files';
import { AppError } from '../../lib/errors';
import type { Site } from '../../sites/service';
import { createKeyBodySchema, keyIdParamsSchema, signInBodySchema } from '../access/schemas';
import { assertCsrf, type NewsroomEnv, signIn, signOut } from '../access/middleware';
import { createKey, revokeKey, roleRank } from '../access/service';
import { articleReport } from '../analytics/service';
import { overdueWork } from '../complaints/service';
import { sharedPeriodReport } from '../analytics/shared';
import { actionBodySchema, muteBodySchema, queueCursorSchema } from '../moderation/schemas';
import { moderate, moderationDesk, muteAuthors, unmuteReader } from '../moderation/service';
import { addReactionBodySchema, articleStateBodySchema, settingsPatchBodySchema, updateReactionBodySchema } from '../settings/schemas';
import { addReaction, moveReaction, setArticleState, siteAdministration, updateReaction, updateSettings } from '../settings/service';
import { removeHouseRules, setHouseRules } from '../../comments/rules';
import { rotateSsoSecret } from '../../sso/service';
import { houseRulesBodySchema } from '../identity/schemas';
import { createSiteBodySchema, deleteSiteBodySchema } from '../sites/schemas';
import { createSite, deleteSite, listSites, siteHoldings } from '../sites/service';
import { createWebhookBodySchema, webhookIdParamsSchema } from '../webhooks/schemas';
import { createWebhook, deleteWebhook } from '../webhooks/service';
import { articleStateFields, moderationFields, newSiteFields, newSiteValues, parseOrRefuse, parseWith, reactionFields, readForm, settingsFields } from './forms';
import { complaintPages } from './complaint-routes';
import { pickPages } from './pick-routes';
import { translator } from './i18n';
import type { View } from './layout';
import { ArticlePage } from './pages/article';
import { DeleteSitePage } from './pages/delete-site';
import { ErrorPage } from './pages/error';
import { LoginPage } from './pages/login';
import { ModerationPage } from './pages/moderation';
import { emptyNewSite, NewSitePage } from './pages/new-site';
import { OverviewPage } from './pages/overview';
import { SettingsPage, type SettingsPageData } from './pages/settings';
import { InstanceSitesPage } from './pages/sites';
import { setAuthorTrust } from '../../comments/trust';
import { trustBodySchema } from '../trust/schemas';
import { flash, instancePage, instanceSitePage, makeView, periodFrom, rankingFrom, sessionPrincipal, sitePage } from './view';

/**
 * The dashboard's own pages load only its own script, styles and chart images, and a
 * same-origin referrer policy (see `HtmlPolicy.referrerPolicy`).
 */
const DASHBOARD_POLICY: HtmlPolicy = {
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  referrerPolicy: 'same-origin',
};

/** The app's HTML security headers with the dashboard's policy; pages hold private data, so nothing is stored by default. */
function dashboardHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    setHtmlSecurityHeaders(c, DASHBOARD_POLICY);
    if (!c.res.headers.get('Cache-Control')) c.header('Cache-Control', 'no-store');
  };
}

/**
 * Errors as the app's one handler classifies (and, when unexpected, logs) them, shown as a
 * page: a missing session goes to sign-in, a failure the server caused says only that
 * something went wrong.
 */
function errorPage(error: Error, c: Context<NewsroomEnv>) {
  const known = knownError(c, error);
  if (known.code === 'unauthorized') return c.redirect('/newsroom/login', 303);
  const locale = c.var.locale ?? 'id';
  const message = known.status >= 500 ? translator(locale)('error') : known.localized[locale];
  return c.html(<ErrorPage view={makeView(c, c.var.principal ?? null, null)} message={message} />, known.status as 400);
}

/** A refusal of a form's own verb (409 on a taken id, 422 on a wrong confirmation), to show beside that form. */
function refusal(error: unknown): AppError | null {
  return error instanceof AppError && error.status < 500 ? error : null;
}

const sitePath = (site: Site, rest = '') => `/newsroom/sites/${encodeURIComponent(site.id)}${rest}`;
const settingsPath = (site: Site, done: string) => sitePath(site, `/settings?done=${done}`);

/**
 * The newsroom dashboard at `/newsroom`: server-rendered pages over the same service verbs and
 * valibot schemas as the API. Reading works without JavaScript; forms post back and redirect.
 * Each handler checks access, parses its form, calls one verb and answers; the pages live in
 * `pages/`, one per file.
 */
export function dashboardRoutes() {
  const app = new Hono<NewsroomEnv>();
  app.use('*', dashboardHeaders());
  app.onError(errorPage);

  /** The settings page, read afresh, with what the last form left (errors, a new secret) and the status it answers with. */
  async function settingsPage(c: Context<NewsroomEnv>, view: View, site: Site, extra: Partial<SettingsPageData>, status: 200 | 201 | 400 = 200) {
    const data = await siteAdministration({ db: c.var.deps.db, site, base: publicBase(c), deliveriesPerWebhook: 10, now: requestTime(c) });
    return c.html(<SettingsPage view={view} data={{ ...data, ...extra }} />, status);
  }

  /** Re-renders the settings page with one form's field errors (400), keeping the rest intact. */
  const invalid = (c: Context<NewsroomEnv>, view: View, site: Site, form: string, fields: Record<string, string>) =>
    settingsPage(c, view, site, { errors: { form, fields } }, 400);

  // The stylesheet and script are static files (./static, copied to dist/assets by the build).
  app.get('/assets/app.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return sendStaticFile(c, 'newsroom/assets/app.css', 'text/css; charset=UTF-8');
  });
  app.get('/assets/app.js', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return sendStaticFile(c, 'newsroom/assets/app.js', 'text/javascript; charset=UTF-8');
  });

  app.get('/login', (c) => c.html(<LoginPage view={makeView(c, null, null)} />));

  app.post('/login', async (c) => {
    const view = makeView(c, null, null);
    const origin = c.req.header('origin');
    if (origin && origin !== ownOrigin(c)) return c.html(<LoginPage view={view} error={view.t('forbidden')} />, 403);
    const form = await readForm(c);
    try {
      await signIn(c, parseOrRefuse(signInBodySchema, { key: form.text('key') }, 'key').key);
    } catch (error) {
      const refused = refusal(error);
      if (refused) return c.html(<LoginPage view={view} error={refused.localized[view.locale]} />, refused.status as 401);
      throw error;
    }
    return c.redirect('/newsroom', 303);
  });

  app.post('/logout', async (c) => {
    const principal = await sessionPrincipal(c);
    await assertCsrf(c, principal);
    await signOut(c);
    return c.redirect('/newsroom/login', 303);
  });

  app.get('/', async (c) => {
    const principal = await sessionPrincipal(c);
    if (principal.siteId !== null) return c.redirect(`/newsroom/sites/${encodeURIComponent(principal.siteId)}`, 303);
    const view = makeView(c, principal, null);
    return c.html(<InstanceSitesPage view={view} sites={await listSites({ db: c.var.deps.db, principal })} flash={flash(c, view)} />);
  });

  app.get('/new-site', async (c) => {
    const { view } = await instancePage(c);
    return c.html(<NewSitePage view={view} values={emptyNewSite} />);
  });

  app.post('/new-site', async (c) => {
    const { view } = await instancePage(c);
    const values = newSiteValues(await readForm(c));
    const parsed = parseWith(createSiteBodySchema, newSiteFields(values));
    if (!parsed.success) return c.html(<NewSitePage view={view} values={values} errors={parsed.errors} />, 400);
    try {
      const { site, events } = await createSite({ db: c.var.deps.db, input: parsed.output });
      await publish(c, events);
      return c.redirect(`/newsroom/sites/${encodeURIComponent(site.id)}/settings?done=saved`, 303);
    } catch (error) {
      const refused = refusal(error);
      if (refused?.status === 409) return c.html(<NewSitePage view={view} values={values} errors={{ id: refused.localized[view.locale] }} />, 409);
      throw error;
    }
  });

  app.get('/sites/:site/delete', async (c) => {
    const { view, site } = await instanceSitePage(c);
    return c.html(<DeleteSitePage view={view} holds={await siteHoldings({ db: c.var.deps.db, siteId: site.id })} />);
  });

  app.post('/sites/:site/delete', async (c) => {
    const { view, site } = await instanceSitePage(c);
    const { db, ballots } = c.var.deps;
    const parsed = parseWith(deleteSiteBodySchema, { confirm: (await readForm(c)).text('confirm').trim() });
    try {
      if (!parsed.success) throw new AppError('invalid_input', { id: Object.values(parsed.errors)[0]!, en: Object.values(parsed.errors)[0]! });
      await publish(c, (await deleteSite({ db, ballots, site, confirm: parsed.output.confirm })).events);
    } catch (error) {
      const refused = refusal(error);
      if (refused) return c.html(<DeleteSitePage view={view} holds={await siteHoldings({ db, siteId: site.id })} error={refused.localized[view.locale]} />, 422);
      throw error;
    }
    return c.redirect('/newsroom?done=deleted', 303);
  });

  app.get('/sites/:site', async (c) => {
    const { view, site } = await sitePage(c, 'viewer');
    const period = periodFrom(c, site);
    const { by, byValue, section } = rankingFrom(c, site);
    const [report, overdue] = await Promise.all([
      sharedPeriodReport({ db: c.var.deps.db, site, period, by, section, now: requestTime(c) }),
      overdueWork({ db: c.var.deps.db, siteId: site.id, now: requestTime(c) }),
    ]);
    return c.html(<OverviewPage view={view} period={period} overview={report.overview} top={report.top} sections={report.sections} authors={report.authors} by={byValue} section={section} overdue={overdue} />);
  });

  app.get('/sites/:site/articles/:article', async (c) => {
    const { view, site, principal } = await sitePage(c, 'viewer');
    const period = periodFrom(c, site);
    const report = await articleReport({ db: c.var.deps.db, site, externalId: c.req.param('article'), period, now: requestTime(c) });
    return c.html(<ArticlePage view={view} period={period} report={report} canModerate={roleRank[principal.role] >= roleRank.moderator} flash={flash(c, view)} />);
  });

  app.post('/sites/:site/articles/:article/state', async (c) => {
    const { site } = await sitePage(c, 'moderator');
    const externalId = c.req.param('article');
    const change = parseOrRefuse(articleStateBodySchema, articleStateFields(await readForm(c)), 'change');
    await publish(c, (await setArticleState({ db: c.var.deps.db, ballots: c.var.deps.ballots, site, externalId, ...change, now: requestTime(c) })).events);
    return c.redirect(sitePath(site, `/articles/${encodeURIComponent(externalId)}?done=saved`), 303);
  });

  app.route('/', complaintPages());
  app.route('/', pickPages());

  app.get('/sites/:site/moderation', async (c) => {
    const { view, site } = await sitePage(c, 'moderator');
    const queue = c.req.query('queue') === 'reported' ? 'reported' : 'pending';
    const q = c.req.query('q')?.trim().slice(0, 100) || undefined;
    const article = c.req.query('article')?.trim().slice(0, 128) || undefined;
    const cursor = v.safeParse(queueCursorSchema, c.req.query('after'));
    const after = cursor.success ? cursor.output : undefined;
    const desk = await moderationDesk({ db: c.var.deps.db, siteId: site.id, filter: { queue, article, text: q, after, limit: 50 }, logLimit: 20, now: requestTime(c) });
    return c.html(<ModerationPage view={view} queue={queue} items={desk.queue.items} next={desk.queue.next} filter={{ q, article }} log={desk.log} flash={flash(c, view)} />);
  });

  app.post('/sites/:site/moderation', async (c) => {
    const { site, principal } = await sitePage(c, 'moderator');
    const form = await readForm(c);
    const fields = moderationFields(form);
    const { verb, ids, days } = fields;
    const queue = form.text('queue') === 'reported' ? 'reported' : 'pending';
    const back = (done: string) => c.redirect(sitePath(site, `/moderation?queue=${queue}&done=${done}`), 303);
    if (ids.length === 0) return back('nothing');
    const { db } = c.var.deps;
    if (verb.startsWith('trust-')) {
      const { level } = parseOrRefuse(trustBodySchema, { level: verb.slice('trust-'.length) }, 'level');
      for (const commentId of ids) {
        await setAuthorTrust({ db, siteId: site.id, settings: site.settings, commentId, choice: level, actor: principal, now: requestTime(c) });
      }
      return back('trust');
    }
    if (verb === 'mute') {
      const mute = parseOrRefuse(muteBodySchema, { commentId: ids[0], days }, 'days');
      await publish(c, await muteAuthors({ db, siteId: site.id, principal, commentIds: ids, days: mute.days, now: requestTime(c) }));
      return back('mute');
    }
    if (verb === 'unmute') {
      for (const commentId of ids) await publish(c, (await unmuteReader({ db, siteId: site.id, principal, commentId, now: requestTime(c) })).events);
      return back('unmute');
    }
    const { action, reason, note } = parseOrRefuse(actionBodySchema, { action: verb, ids, reason: fields.reason, note: fields.note }, 'reason');
    await publish(c, (await moderate({ db, siteId: site.id, principal, ids, action, reason, note, now: requestTime(c) })).events);
    return back(action);
  });

  app.get('/sites/:site/settings', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    return settingsPage(c, view, site, { flash: flash(c, view) });
  });

  app.post('/sites/:site/settings/general', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    const parsed = parseWith(settingsPatchBodySchema, settingsFields(await readForm(c)));
    if (!parsed.success) return invalid(c, view, site, 'general', parsed.errors);
    await publish(c, (await updateSettings({ db: c.var.deps.db, site, patch: parsed.output })).events);
    return c.redirect(settingsPath(site, 'saved'), 303);
  });

  app.post('/sites/:site/settings/reactions', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    const form = await readForm(c);
    const parsed = parseWith(addReactionBodySchema, { key: form.text('key').trim(), ...reactionFields(form) });
    if (!parsed.success) return invalid(c, view, site, 'reaction', parsed.errors);
    try {
      await publish(c, (await addReaction({ db: c.var.deps.db, site, reaction: parsed.output })).events);
    } catch (error) {
      const refused = refusal(error);
      if (refused) return invalid(c, view, site, 'reaction', { key: refused.localized[view.locale] });
      throw error;
    }
    return c.redirect(settingsPath(site, 'saved'), 303);
  });

  /** One reaction's row: save its emoji and labels, retire or restore it, or move it up or down. */
  app.post('/sites/:site/settings/reactions/:key', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    const form = await readForm(c);
    const key = c.req.param('key');
    const { db } = c.var.deps;
    const action = form.text('do');
    try {
      if (action === 'up' || action === 'down') {
        await publish(c, (await moveReaction({ db, site, key, direction: action })).events);
      } else {
        const parsed = parseWith(updateReactionBodySchema, action === 'retire' || action === 'restore' ? { active: action === 'restore' } : reactionFields(form));
        if (!parsed.success) return invalid(c, view, site, 'reaction', Object.fromEntries(Object.entries(parsed.errors).map(([field, message]) => [`${key}.${field}`, message])));
        await publish(c, (await updateReaction({ db, site, key, change: parsed.output })).events);
      }
    } catch (error) {
      const refused = refusal(error);
      if (refused) return invalid(c, view, site, 'reaction', { [key]: refused.localized[view.locale] });
      throw error;
    }
    return c.redirect(settingsPath(site, 'saved'), 303);
  });

  app.post('/sites/:site/settings/identity', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    const form = await readForm(c);
    const parsed = parseWith(settingsPatchBodySchema, { settings: { commentIdentity: form.text('commentIdentity'), ssoLoginUrl: form.text('ssoLoginUrl').trim() || null } });
    if (!parsed.success) return invalid(c, view, site, 'identity', parsed.errors);
    try {
      await publish(c, (await updateSettings({ db: c.var.deps.db, site, patch: parsed.output })).events);
    } catch (error) {
      const refused = refusal(error);
      if (refused) return invalid(c, view, site, 'identity', Object.fromEntries((refused.details ?? []).map(({ path }) => [path, refused.localized[view.locale]])));
      throw error;
    }
    return c.redirect(settingsPath(site, 'saved'), 303);
  });

  app.post('/sites/:site/settings/sso-secret', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    const made = await rotateSsoSecret({ db: c.var.deps.db, secret: c.var.deps.config.secret, siteId: site.id, now: requestTime(c) });
    return settingsPage(c, view, site, { secret: { kind: 'sso', value: made.secret } }, 201);
  });

  app.post('/sites/:site/settings/rules', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    const form = await readForm(c);
    const parsed = parseWith(houseRulesBodySchema, { text: { id: form.text('textId'), en: form.text('textEn') }, url: form.text('url').trim() || null });
    if (!parsed.success) return invalid(c, view, site, 'rules', parsed.errors);
    await publish(c, (await setHouseRules({ db: c.var.deps.db, siteId: site.id, ...parsed.output, now: requestTime(c) })).events);
    return c.redirect(settingsPath(site, 'saved'), 303);
  });

  app.post('/sites/:site/settings/rules/remove', async (c) => {
    const { site } = await sitePage(c, 'admin');
    await publish(c, (await removeHouseRules({ db: c.var.deps.db, siteId: site.id, now: requestTime(c) })).events);
    return c.redirect(settingsPath(site, 'removed'), 303);
  });

  app.post('/sites/:site/settings/keys', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    const form = await readForm(c);
    const parsed = parseWith(createKeyBodySchema, { name: form.text('name'), role: form.text('role') });
    if (!parsed.success) return invalid(c, view, site, 'key', parsed.errors);
    const created = await createKey({ db: c.var.deps.db, secret: c.var.deps.config.secret, siteId: site.id, ...parsed.output });
    return settingsPage(c, view, site, { secret: { kind: 'key', value: created.key } }, 201);
  });

  app.post('/sites/:site/settings/keys/:id/revoke', async (c) => {
    const { site } = await sitePage(c, 'admin');
    const { id } = parseOrRefuse(keyIdParamsSchema, c.req.param(), 'id');
    await publish(c, (await revokeKey({ db: c.var.deps.db, siteId: site.id, keyId: id, now: requestTime(c) })).events);
    return c.redirect(settingsPath(site, 'revoked'), 303);
  });

  app.post('/sites/:site/settings/webhooks', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    const form = await readForm(c);
    const parsed = parseWith(createWebhookBodySchema, { url: form.text('url').trim(), events: form.texts('events') });
    if (!parsed.success) return invalid(c, view, site, 'webhook', parsed.errors);
    const { deps } = c.var;
    try {
      const created = await createWebhook({ db: deps.db, siteId: site.id, ...parsed.output, production: deps.config.production, resolveHost: deps.resolveHost });
      await publish(c, created.events);
      return settingsPage(c, view, site, { secret: { kind: 'webhook', value: created.webhook.secret } }, 201);
    } catch (error) {
      const refused = refusal(error);
      if (refused) return invalid(c, view, site, 'webhook', { url: refused.localized[view.locale] });
      throw error;
    }
  });

  app.post('/sites/:site/settings/webhooks/:id/delete', async (c) => {
    const { site } = await sitePage(c, 'admin');
    const { id } = parseOrRefuse(webhookIdParamsSchema, c.req.param(), 'id');
    await publish(c, (await deleteWebhook({ db: c.var.deps.db, siteId: site.id, id })).events);
    return c.redirect(settingsPath(site, 'removed'), 303);
  });

  return app;
}
