import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import * as v from 'valibot';
import { requestedLocale, requestTime } from '../../http/context';
import { sectionSchema } from '../../http/schemas';
import { AppError, type Locale } from '../../lib/errors';
import { loadSite, type Site } from '../../sites/service';
import { assertAccess, assertCsrf, assertInstanceAdmin, type NewsroomEnv, resolvePrincipal } from '../access/middleware';
import type { Principal, Role } from '../access/service';
import { resolvePeriod, type Period } from '../analytics/periods';
import type { TopBy } from '../analytics/service';
import { periodQuerySchema } from '../schemas';
import { translator } from './i18n';
import type { View } from './layout';

/**
 * What every dashboard page needs before its one service verb: who is signed in, whether
 * they may be here (role, CSRF on posts), the site, the language, and the page's view.
 */

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

/** The view a page renders with; also sets the request's locale for the error page. */
export function makeView(c: Context<NewsroomEnv>, principal: Principal | null, site: Site | null): View {
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

/** The signed-in principal (from the session cookie); without one, `unauthorized` (the error handler redirects to sign-in). */
export async function sessionPrincipal(c: Context<NewsroomEnv>): Promise<Principal> {
  const principal = await resolvePrincipal(c).catch(() => null);
  if (!principal) throw new AppError('unauthorized', { id: 'Silakan masuk.', en: 'Please sign in.' });
  c.set('principal', principal);
  return principal;
}

/** Signed in, allowed on this site with `role`, CSRF-checked for posts: the page's view and site. */
export async function sitePage(c: Context<NewsroomEnv>, role: Role): Promise<{ view: View; site: Site; principal: Principal }> {
  const principal = await sessionPrincipal(c);
  const siteId = c.req.param('site') ?? '';
  assertAccess(principal, siteId, role);
  await assertCsrf(c, principal);
  const site = await loadSite({ db: c.var.deps.db, siteId });
  c.set('site', site);
  return { view: makeView(c, principal, site), site, principal };
}

/** The instance admin's pages (site list, "Situs baru"): signed in as the instance, CSRF-checked for posts. */
export async function instancePage(c: Context<NewsroomEnv>): Promise<{ view: View; principal: Principal }> {
  const principal = await sessionPrincipal(c);
  assertInstanceAdmin(principal);
  await assertCsrf(c, principal);
  return { view: makeView(c, principal, null), principal };
}

/** An instance admin's page about one site (deleting it): as `instancePage`, with the site. */
export async function instanceSitePage(c: Context<NewsroomEnv>): Promise<{ view: View; site: Site }> {
  const { principal } = await instancePage(c);
  const site = await loadSite({ db: c.var.deps.db, siteId: c.req.param('site') ?? '' });
  return { view: makeView(c, principal, site), site };
}

const isDate = (value: string | undefined) => value !== undefined && !Number.isNaN(Date.parse(value));

/**
 * The period the page asks for, through the API's `periodQuerySchema`. A period no page could
 * have sent (a malformed or impossible date) shows the last 7 days rather than an error page.
 */
export function periodFrom(c: Context<NewsroomEnv>, site: Site): Period {
  const parsed = v.safeParse(periodQuerySchema, { period: c.req.query('period'), from: c.req.query('from'), to: c.req.query('to') });
  const query = parsed.success && (parsed.output.period !== 'custom' || (isDate(parsed.output.from) && isDate(parsed.output.to))) ? parsed.output : { period: '7d' as const };
  return resolvePeriod({ name: query.period, from: query.from, to: query.to, timeZone: site.timeZone, now: requestTime(c) });
}

/**
 * How the overview ranks its top articles (`by=votes|comments|reaction:<key>`) and which
 * section it keeps. Like the period, a ranking or section no page could have sent shows the
 * default (all votes, every section) rather than an error page.
 */
export function rankingFrom(c: Context<NewsroomEnv>, site: Site): { by: TopBy; byValue: string; section: string | undefined } {
  const byParam = c.req.query('by') ?? 'votes';
  const reactionKey = byParam.startsWith('reaction:') ? byParam.slice('reaction:'.length) : null;
  const by: TopBy =
    byParam === 'comments'
      ? { kind: 'comments' }
      : reactionKey && site.reactions.some((reaction) => reaction.key === reactionKey)
        ? { kind: 'reaction', key: reactionKey }
        : { kind: 'votes' };
  const section = v.safeParse(sectionSchema, c.req.query('section') ?? '');
  return { by, byValue: by.kind === 'reaction' ? `reaction:${by.key}` : by.kind, section: section.success ? section.output : undefined };
}

const doneMessages: Record<string, { id: string; en: string }> = {
  saved: { id: 'Tersimpan.', en: 'Saved.' },
  approve: { id: 'Komentar disetujui.', en: 'Comment approved.' },
  reject: { id: 'Komentar ditolak.', en: 'Comment rejected.' },
  spam: { id: 'Ditandai sebagai spam.', en: 'Marked as spam.' },
  mute: { id: 'Penulis dibisukan.', en: 'Author muted.' },
  unmute: { id: 'Bisu penulis dicabut.', en: 'Author unmuted.' },
  pick: { id: 'Komentar menjadi Pilihan Redaksi.', en: "Comment made an editor's pick." },
  unpick: { id: 'Komentar dilepas dari Pilihan Redaksi.', en: "Comment removed from editor's picks." },
  nothing: { id: 'Tidak ada komentar yang dipilih.', en: 'No comments were selected.' },
  revoked: { id: 'Kunci dicabut.', en: 'Key revoked.' },
  removed: { id: 'Webhook dihapus.', en: 'Webhook removed.' },
  deleted: { id: 'Situs dihapus.', en: 'Site deleted.' },
  trust: { id: 'Tingkat kepercayaan penulis diubah.', en: "Author's trust level changed." },
};

/** The note a post-and-redirect leaves (`?done=saved`), in the page's language. */
export function flash(c: Context<NewsroomEnv>, view: View): string | undefined {
  const code = c.req.query('done');
  return code && doneMessages[code] ? doneMessages[code][view.locale] : undefined;
}
