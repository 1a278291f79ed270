import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import * as v from 'valibot';
import { ownOrigin, publicBase, requestedLocale, requestTime } from '../../http/context';
import { sendStaticFile } from '../../http/static-files';
import { AppError, type Locale } from '../../lib/errors';
import { loggableError } from '../../lib/log';
import { loadSite, type Site } from '../../sites/service';
import { sectionSchema } from '../../http/schemas';
import { createKeyBodySchema } from '../access/schemas';
import { assertAccess, assertCsrf, assertInstanceAdmin, type NewsroomEnv, resolvePrincipal, signIn, signOut } from '../access/middleware';
import { createKey, listKeys, type Principal, type Role, revokeKey, roleRank } from '../access/service';
import { resolvePeriod, type Period } from '../analytics/periods';
import { articleReport, type TopBy } from '../analytics/service';
import { sharedAuthorMood, sharedOverview, sharedSectionMood, sharedTopArticles } from '../analytics/shared';
import { actionBodySchema, queueCursorSchema } from '../moderation/schemas';
import { listQueue, moderate, moderationLog, muteReader } from '../moderation/service';
import { addReactionBodySchema, settingsPatchBodySchema } from '../settings/schemas';
import { addReaction, reorderReactions, setArticleState, settingsDetail, updateReaction, updateSettings } from '../settings/service';
import { createSiteBodySchema, deleteSiteBodySchema } from '../sites/schemas';
import { createSite, deleteSite, listSites, siteHoldings } from '../sites/service';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks } from '../webhooks/service';
import { limitStats } from '../../ratelimit/service';
import { ModerationPage, SettingsPage, type SettingsPageData } from './admin-pages';
import { overdueWork } from '../complaints/service';
import { complaintPages } from './complaint-routes';
import { translator } from './i18n';
import type { View } from './layout';
import { ArticlePage, LoginPage, OverviewPage } from './pages';
import { DeleteSitePage, emptyNewSite, InstanceSitesPage, type NewSiteValues, NewSitePage } from './site-pages';

/**
 * The newsroom dashboard at `/newsroom`: server-rendered pages over the same service verbs as
 * the API. Reading works without JavaScript; forms post back and redirect. Every response
 * carries a strict CSP (scripts and styles only from our own files), no framing, nosniff and
 * a same-origin referrer policy (no-referrer would make Chromium send `Origin: null` on our own
 * form posts, which the sign-in origin check refuses).
 */

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (!c.res.headers.get('Cache-Control')) c.header('Cache-Control', 'no-store');
  };
}

const LANG_COOKIE = 'tanggap_lang';

/** The dashboard language: `?lang=` (remembered in a cookie), the cookie, Accept-Language, else Indonesian. */
function dashboardLocale(c: Context<NewsroomEnv>): Locale {
  const query = c.req.query('lang');
  if (query === 'id' || query === 'en') {
    setCookie(c, LANG_COOKIE, query, { path: '/newsroom', sameSite: 'Lax', httpOnly: true, maxAge: 31_536_000 });
    return query;
  }
  const cookie = getCookie(c, LANG_COOKIE);
  if (cookie === 'id' || cookie === 'en') return cookie;
  return requestedLocale(c) ?? 'id';
}

function makeView(c: Context<NewsroomEnv>, principal: Principal | null, site: Site | null): View {
  const locale = dashboardLocale(c);
  c.set('locale', locale);
  return {
    t: translator(locale),
    locale,
    principal,
    csrfToken: principal?.csrfToken ?? null,
    site: site ? { id: site.id, name: site.name, timeZone: site.timeZone } : null,
    url: new URL(c.req.url),
  };
}

/** The signed-in principal (from the session cookie), or a redirect to the login page. */
async function sessionPrincipal(c: Context<NewsroomEnv>): Promise<Principal> {
  const principal = await resolvePrincipal(c).catch(() => null);
  if (!principal) throw new AppError('unauthorized', { id: 'Silakan masuk.', en: 'Please sign in.' });
  c.set('principal', principal);
  return principal;
}

/** Signed in, allowed on this site with `role`, CSRF-checked for posts: the page's view and site. */
async function sitePage(c: Context<NewsroomEnv>, role: Role): Promise<{ view: View; site: Site; principal: Principal }> {
  const principal = await sessionPrincipal(c);
  const siteId = c.req.param('site') ?? '';
  assertAccess(principal, siteId, role);
  await assertCsrf(c, principal);
  const site = await loadSite({ db: c.var.deps.db, siteId });
  c.set('site', site);
  return { view: makeView(c, principal, site), site, principal };
}

function periodFrom(c: Context<NewsroomEnv>, site: Site): Period {
  const name = c.req.query('period');
  const from = c.req.query('from');
  const to = c.req.query('to');
  const isDate = (value: string | undefined) => value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
  if (name === 'custom' && isDate(from) && isDate(to) && from! <= to!) {
    return resolvePeriod({ name: 'custom', from, to, timeZone: site.timeZone, now: requestTime(c) });
  }
  const known = name === 'today' || name === '30d' ? name : '7d';
  return resolvePeriod({ name: known, timeZone: site.timeZone, now: requestTime(c) });
}

/** Field errors of a failed valibot parse, by dotted path. */
function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? 'form';
    errors[path] ??= issue.message;
  }
  return errors;
}

type Form = Record<string, string | File | (string | File)[]>;

const text = (form: Form, name: string): string => {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
};
const texts = (form: Form, name: string): string[] => {
  const value = form[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item): item is string => typeof item === 'string');
};
const lineList = (value: string) => value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
const numberField = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

const doneMessages: Record<string, { id: string; en: string }> = {
  saved: { id: 'Tersimpan.', en: 'Saved.' },
  approve: { id: 'Komentar disetujui.', en: 'Comment approved.' },
  reject: { id: 'Komentar ditolak.', en: 'Comment rejected.' },
  spam: { id: 'Ditandai sebagai spam.', en: 'Marked as spam.' },
  mute: { id: 'Penulis dibisukan.', en: 'Author muted.' },
  nothing: { id: 'Tidak ada komentar yang dipilih.', en: 'No comments were selected.' },
  revoked: { id: 'Kunci dicabut.', en: 'Key revoked.' },
  removed: { id: 'Webhook dihapus.', en: 'Webhook removed.' },
  deleted: { id: 'Situs dihapus.', en: 'Site deleted.' },
};

function flash(c: Context<NewsroomEnv>, view: View): string | undefined {
  const code = c.req.query('done');
  return code && doneMessages[code] ? doneMessages[code][view.locale] : undefined;
}

function errorPage(c: Context<NewsroomEnv>, status: 400 | 403 | 404 | 409 | 422 | 429 | 500, message: string) {
  const view = makeView(c, c.var.principal ?? null, null);
  return c.html(
    <LoginOrError view={view} message={message} />,
    status,
  );
}

function LoginOrError({ view, message }: { view: View; message: string }) {
  return (
    <html lang={view.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{view.t('title')}</title>
        <link rel="stylesheet" href="/newsroom/assets/app.css" />
      </head>
      <body>
        <main id="main">
          <h1>{view.t('title')}</h1>
          <p class="errors" role="alert">
            {message}
          </p>
          <p>
            <a href="/newsroom">{view.t('back')}</a>
          </p>
        </main>
      </body>
    </html>
  );
}

export function dashboardRoutes() {
  const app = new Hono<NewsroomEnv>();
  app.use('*', securityHeaders());

  app.onError((error, c) => {
    if (error instanceof AppError) {
      if (error.code === 'unauthorized') return c.redirect('/newsroom/login', 303);
      const locale = c.var.locale ?? 'id';
      const status = ([400, 403, 404, 409, 413, 422, 429].includes(error.status) ? error.status : 400) as 400;
      return errorPage(c, status, error.localized[locale]);
    }
    c.var.deps.log({ level: 'error', msg: 'dashboard error', requestId: c.var.requestId, ...loggableError(error) });
    return errorPage(c, 500, translator(c.var.locale ?? 'id')('error'));
  });

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
    if (origin && origin !== ownOrigin(c)) {
      return c.html(<LoginPage view={view} error={view.t('forbidden')} />, 403);
    }
    const form = await c.req.parseBody();
    const key = typeof form.key === 'string' ? form.key : '';
    try {
      await signIn(c, key);
    } catch (error) {
      if (error instanceof AppError) return c.html(<LoginPage view={view} error={error.localized[view.locale]} />, error.status as 401);
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

  /** The instance admin's pages (site list, "Situs baru", deleting): signed in as the instance, CSRF-checked for posts. */
  async function instancePage(c: Context<NewsroomEnv>): Promise<{ view: View; principal: Principal }> {
    const principal = await sessionPrincipal(c);
    assertInstanceAdmin(principal);
    await assertCsrf(c, principal);
    return { view: makeView(c, principal, null), principal };
  }

  app.get('/new-site', async (c) => {
    const { view } = await instancePage(c);
    return c.html(<NewSitePage view={view} values={emptyNewSite} />);
  });

  app.post('/new-site', async (c) => {
    const { view } = await instancePage(c);
    const form = (await c.req.parseBody({ all: true })) as Form;
    const values: NewSiteValues = {
      id: text(form, 'id').trim(),
      name: text(form, 'name'),
      origins: text(form, 'origins'),
      defaultLocale: text(form, 'defaultLocale') || emptyNewSite.defaultLocale,
      timeZone: text(form, 'timeZone').trim() || emptyNewSite.timeZone,
      reactionSet: text(form, 'reactionSet') || emptyNewSite.reactionSet,
    };
    const parsed = v.safeParse(createSiteBodySchema, { ...values, origins: lineList(values.origins) });
    if (!parsed.success) return c.html(<NewSitePage view={view} values={values} errors={fieldErrors(parsed.issues)} />, 400);
    try {
      const site = await createSite({ db: c.var.deps.db, input: parsed.output });
      return c.redirect(`/newsroom/sites/${encodeURIComponent(site.id)}/settings?done=saved`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status === 409) return c.html(<NewSitePage view={view} values={values} errors={{ id: error.localized[view.locale] }} />, 409);
      throw error;
    }
  });

  app.get('/sites/:site/delete', async (c) => {
    const { principal } = await instancePage(c);
    const site = await loadSite({ db: c.var.deps.db, siteId: c.req.param('site') });
    const view = makeView(c, principal, site);
    return c.html(<DeleteSitePage view={view} holds={await siteHoldings({ db: c.var.deps.db, siteId: site.id })} />);
  });

  app.post('/sites/:site/delete', async (c) => {
    const { principal } = await instancePage(c);
    const { db } = c.var.deps;
    const site = await loadSite({ db, siteId: c.req.param('site') });
    const view = makeView(c, principal, site);
    const form = (await c.req.parseBody({ all: true })) as Form;
    const parsed = v.safeParse(deleteSiteBodySchema, { confirm: text(form, 'confirm').trim() });
    try {
      if (!parsed.success) throw new AppError('invalid_input', { id: parsed.issues[0].message, en: parsed.issues[0].message });
      await deleteSite({ db, site, confirm: parsed.output.confirm });
    } catch (error) {
      if (error instanceof AppError && error.status < 500) {
        return c.html(<DeleteSitePage view={view} holds={await siteHoldings({ db, siteId: site.id })} error={error.localized[view.locale]} />, 422);
      }
      throw error;
    }
    return c.redirect('/newsroom?done=deleted', 303);
  });

  app.get('/sites/:site', async (c) => {
    const { view, site } = await sitePage(c, 'viewer');
    const { db } = c.var.deps;
    const period = periodFrom(c, site);
    const byParam = c.req.query('by') ?? 'votes';
    const reactionKey = byParam.startsWith('reaction:') ? byParam.slice('reaction:'.length) : null;
    const by: TopBy =
      byParam === 'comments'
        ? { kind: 'comments' }
        : reactionKey && site.reactions.some((reaction) => reaction.key === reactionKey)
          ? { kind: 'reaction', key: reactionKey }
          : { kind: 'votes' };
    // Like `by`, a section no page could have sent shows every section rather than an error page.
    const sectionQuery = v.safeParse(sectionSchema, c.req.query('section') ?? '');
    const section = sectionQuery.success ? sectionQuery.output : undefined;
    const [summary, top, sections, authors, overdue] = await Promise.all([
      sharedOverview({ db, site, period, now: requestTime(c) }),
      sharedTopArticles({ db, site, period, by, limit: 20, section, now: requestTime(c) }),
      sharedSectionMood({ db, site, period, now: requestTime(c) }),
      sharedAuthorMood({ db, site, period, now: requestTime(c) }),
      overdueWork({ db, siteId: site.id, now: requestTime(c) }),
    ]);
    const byValue = by.kind === 'reaction' ? `reaction:${by.key}` : by.kind;
    return c.html(<OverviewPage view={view} period={period} overview={summary} top={top} sections={sections} authors={authors} by={byValue} section={section} overdue={overdue} />);
  });

  app.get('/sites/:site/articles/:article', async (c) => {
    const { view, site, principal } = await sitePage(c, 'viewer');
    const period = periodFrom(c, site);
    const report = await articleReport({ db: c.var.deps.db, site, externalId: c.req.param('article'), period, now: requestTime(c) });
    return c.html(<ArticlePage view={view} period={period} report={report} canModerate={roleRank[principal.role] >= roleRank.moderator} flash={flash(c, view)} />);
  });

  app.post('/sites/:site/articles/:article/state', async (c) => {
    const { site } = await sitePage(c, 'moderator');
    const form = (await c.req.parseBody({ all: true })) as Form;
    const [what, state] = text(form, 'change').split(':');
    const open = state === 'open';
    const externalId = c.req.param('article');
    await setArticleState({
      db: c.var.deps.db,
      siteId: site.id,
      externalId,
      ...(what === 'poll' ? { pollOpen: open } : {}),
      ...(what === 'comments' ? { commentsOpen: open } : {}),
    });
    return c.redirect(`/newsroom/sites/${encodeURIComponent(site.id)}/articles/${encodeURIComponent(externalId)}?done=saved`, 303);
  });

  app.route('/', complaintPages({ sitePage, fieldErrors }));

  app.get('/sites/:site/moderation', async (c) => {
    const { view, site } = await sitePage(c, 'moderator');
    const { db } = c.var.deps;
    const queue = c.req.query('queue') === 'reported' ? 'reported' : 'pending';
    const q = c.req.query('q')?.trim().slice(0, 100) || undefined;
    const article = c.req.query('article')?.trim().slice(0, 128) || undefined;
    const cursor = v.safeParse(queueCursorSchema, c.req.query('after'));
    const after = cursor.success ? cursor.output : undefined;
    const [page, log] = await Promise.all([
      listQueue({ db, siteId: site.id, filter: { queue, article, text: q, after, limit: 50 }, now: requestTime(c) }),
      moderationLog({ db, siteId: site.id, limit: 20 }),
    ]);
    return c.html(<ModerationPage view={view} queue={queue} items={page.items} next={page.next} filter={{ q, article }} log={log.entries} flash={flash(c, view)} />);
  });

  app.post('/sites/:site/moderation', async (c) => {
    const { site, principal } = await sitePage(c, 'moderator');
    const form = (await c.req.parseBody({ all: true })) as Form;
    const [verb, target] = text(form, 'act').split(':');
    const queue = text(form, 'queue') === 'reported' ? 'reported' : 'pending';
    const back = (done: string) => c.redirect(`/newsroom/sites/${encodeURIComponent(site.id)}/moderation?queue=${queue}&done=${done}`, 303);
    const ids = (target === 'selected' ? texts(form, 'ids') : [target ?? '']).map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
    if (ids.length === 0) return back('nothing');
    const { db } = c.var.deps;
    if (verb === 'mute') {
      const days = Math.min(365, Math.max(1, Math.round(numberField(text(form, 'days'))) || 7));
      for (const commentId of ids) await muteReader({ db, siteId: site.id, principal, commentId, days, now: requestTime(c) });
      return back('mute');
    }
    if (verb !== 'approve' && verb !== 'reject' && verb !== 'spam') throw new AppError('invalid_input', { id: 'Tindakan tidak dikenal.', en: 'Unknown action.' });
    const decision = v.safeParse(actionBodySchema, { action: verb, ids: ids.slice(0, 100), reason: text(form, 'reason') || undefined, note: text(form, 'note') || undefined });
    if (!decision.success) {
      throw new AppError('invalid_input', {
        id: 'Pilih alasan keputusan: menolak butuh jenis pelanggarannya (hoaks, fitnah, SARA, …); menyetujui berarti "Tidak melanggar".',
        en: 'Choose the reason for the decision: rejecting needs the violation (hoax, slander, SARA, …); approving means "No violation".',
      });
    }
    const { action, reason, note } = decision.output;
    await moderate({ db, siteId: site.id, principal, ids: decision.output.ids, action, reason, note, now: requestTime(c) });
    return back(verb);
  });

  async function settingsData(c: Context<NewsroomEnv>, site: Site, extra: Partial<SettingsPageData> = {}): Promise<SettingsPageData> {
    const { db } = c.var.deps;
    const [keys, hooks] = await Promise.all([listKeys({ db, siteId: site.id }), listWebhooks({ db, siteId: site.id })]);
    const webhooks = await Promise.all(hooks.map(async (hook) => ({ ...hook, deliveries: await listDeliveries({ db, siteId: site.id, webhookId: hook.id, limit: 10 }) })));
    const fired = await limitStats({ db, siteId: site.id, now: requestTime(c) });
    return { settings: await settingsDetail({ db, site, base: publicBase(c) }), keys, webhooks, fired, ...extra };
  }

  const settingsPath = (site: Site, done?: string) => `/newsroom/sites/${encodeURIComponent(site.id)}/settings${done ? `?done=${done}` : ''}`;

  app.get('/sites/:site/settings', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    return c.html(<SettingsPage view={view} data={await settingsData(c, site, { flash: flash(c, view) })} />);
  });

  /** Re-renders the settings page with the form's field errors (400), keeping the rest intact. */
  async function invalid(c: Context<NewsroomEnv>, view: View, site: Site, form: string, fields: Record<string, string>) {
    return c.html(<SettingsPage view={view} data={await settingsData(c, site, { errors: { form, fields } })} />, 400);
  }

  app.post('/sites/:site/settings/general', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    const form = (await c.req.parseBody({ all: true })) as Form;
    const words = (name: string) => {
      const list = lineList(text(form, name));
      return list.length > 0 ? list : null;
    };
    const parsed = v.safeParse(settingsPatchBodySchema, {
      name: text(form, 'name'),
      origins: lineList(text(form, 'origins')),
      defaultLocale: text(form, 'defaultLocale'),
      timeZone: text(form, 'timeZone').trim(),
      settings: {
        moderationMode: text(form, 'moderationMode'),
        commentsEnabled: text(form, 'commentsEnabled') === '1',
        resultVisibility: text(form, 'resultVisibility'),
        reportThreshold: numberField(text(form, 'reportThreshold')),
        complaintDeadlineHours: numberField(text(form, 'complaintDeadlineHours')),
        editWindowMinutes: numberField(text(form, 'editWindowMinutes')),
        votesPerNetworkPerDay: numberField(text(form, 'votesPerNetworkPerDay')),
        commentIntervalSeconds: numberField(text(form, 'commentIntervalSeconds')),
        commentsPerDay: numberField(text(form, 'commentsPerDay')),
        votesPerAddressPerDay: numberField(text(form, 'votesPerAddressPerDay')),
        commentsPerAddressPerDay: numberField(text(form, 'commentsPerAddressPerDay')),
        likesPerAddressPerDay: numberField(text(form, 'likesPerAddressPerDay')),
        reportsPerNetworkPerDay: numberField(text(form, 'reportsPerNetworkPerDay')),
        hardCeilingFactor: numberField(text(form, 'hardCeilingFactor')),
        bannedWords: words('bannedWords'),
        suspectWords: words('suspectWords'),
      },
    });
    if (!parsed.success) return invalid(c, view, site, 'general', fieldErrors(parsed.issues));
    await updateSettings({ db: c.var.deps.db, site, patch: parsed.output });
    return c.redirect(settingsPath(site, 'saved'), 303);
  });

  app.post('/sites/:site/settings/reactions', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    const form = (await c.req.parseBody({ all: true })) as Form;
    const parsed = v.safeParse(addReactionBodySchema, {
      key: text(form, 'key').trim(),
      emoji: text(form, 'emoji').trim(),
      labels: { id: text(form, 'labelId'), en: text(form, 'labelEn') },
    });
    if (!parsed.success) return invalid(c, view, site, 'reaction', fieldErrors(parsed.issues));
    try {
      await addReaction({ db: c.var.deps.db, site, reaction: parsed.output });
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return invalid(c, view, site, 'reaction', { key: error.localized[view.locale] });
      throw error;
    }
    return c.redirect(settingsPath(site, 'saved'), 303);
  });

  app.post('/sites/:site/settings/reactions/:key', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    const form = (await c.req.parseBody({ all: true })) as Form;
    const key = c.req.param('key');
    const { db } = c.var.deps;
    const action = text(form, 'do');
    try {
      if (action === 'retire' || action === 'restore') {
        await updateReaction({ db, site, key, change: { active: action === 'restore' } });
      } else if (action === 'up' || action === 'down') {
        const keys = site.reactions.map((reaction) => reaction.key);
        const index = keys.indexOf(key);
        const swap = action === 'up' ? index - 1 : index + 1;
        if (index >= 0 && swap >= 0 && swap < keys.length) [keys[index], keys[swap]] = [keys[swap]!, keys[index]!];
        await reorderReactions({ db, site, keys });
      } else {
        const labels = { id: text(form, 'labelId').trim(), en: text(form, 'labelEn').trim() };
        const emoji = text(form, 'emoji').trim();
        const problems: Record<string, string> = {};
        if (!labels.id || labels.id.length > 40) problems[`${key}.labelId`] = view.t('labelId') + ': 1–40';
        if (!labels.en || labels.en.length > 40) problems[`${key}.labelEn`] = view.t('labelEn') + ': 1–40';
        if (!emoji || emoji.length > 16) problems[`${key}.emoji`] = view.t('emoji') + ': 1–16';
        if (Object.keys(problems).length > 0) return invalid(c, view, site, 'reaction', problems);
        await updateReaction({ db, site, key, change: { labels, emoji } });
      }
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return invalid(c, view, site, 'reaction', { [key]: error.localized[view.locale] });
      throw error;
    }
    return c.redirect(settingsPath(site, 'saved'), 303);
  });

  app.post('/sites/:site/settings/keys', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    const form = (await c.req.parseBody({ all: true })) as Form;
    const parsed = v.safeParse(createKeyBodySchema, { name: text(form, 'name'), role: text(form, 'role') });
    if (!parsed.success) return invalid(c, view, site, 'key', fieldErrors(parsed.issues));
    const created = await createKey({ db: c.var.deps.db, secret: c.var.deps.config.secret, siteId: site.id, ...parsed.output });
    return c.html(<SettingsPage view={view} data={await settingsData(c, site, { secret: { kind: 'key', value: created.key } })} />, 201);
  });

  app.post('/sites/:site/settings/keys/:id/revoke', async (c) => {
    const { site } = await sitePage(c, 'admin');
    await revokeKey({ db: c.var.deps.db, siteId: site.id, keyId: Number(c.req.param('id')), now: requestTime(c) });
    return c.redirect(settingsPath(site, 'revoked'), 303);
  });

  app.post('/sites/:site/settings/webhooks', async (c) => {
    const { view, site } = await sitePage(c, 'admin');
    const form = (await c.req.parseBody({ all: true })) as Form;
    const events = texts(form, 'events').filter((event) => ['comment.held', 'comment.reported', 'reaction.spike'].includes(event));
    if (events.length === 0) return invalid(c, view, site, 'webhook', { events: view.t('events') });
    try {
      const created = await createWebhook({ db: c.var.deps.db, siteId: site.id, url: text(form, 'url').trim(), events, production: c.var.deps.config.production, resolveHost: c.var.deps.resolveHost });
      return c.html(<SettingsPage view={view} data={await settingsData(c, site, { secret: { kind: 'webhook', value: created.secret } })} />, 201);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return invalid(c, view, site, 'webhook', { url: error.localized[view.locale] });
      throw error;
    }
  });

  app.post('/sites/:site/settings/webhooks/:id/delete', async (c) => {
    const { site } = await sitePage(c, 'admin');
    await deleteWebhook({ db: c.var.deps.db, siteId: site.id, id: Number(c.req.param('id')) });
    return c.redirect(settingsPath(site, 'removed'), 303);
  });

  return app;
}
