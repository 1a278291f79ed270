import type { Child } from 'hono/jsx';
import type { Locale } from '../../lib/errors';
import type { Principal } from '../access/service';
import type { T } from './i18n';

/** What every page needs to render: language, who is looking, and where. */
export type View = {
  t: T;
  locale: Locale;
  principal: Principal | null;
  csrfToken: string | null;
  site: { id: string; name: string; timeZone: string } | null;
  /** The current path and query, for the language switch. */
  url: URL;
};

export const formatNumber = (view: View, value: number) => new Intl.NumberFormat(view.locale === 'id' ? 'id-ID' : 'en-GB').format(value);

export function formatTime(view: View, at: number): string {
  return new Intl.DateTimeFormat(view.locale === 'id' ? 'id-ID' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: view.site?.timeZone ?? 'Asia/Jakarta',
  }).format(at);
}

/** A link to the same page in the other language. */
function languageHref(view: View): string {
  const next = new URL(view.url);
  next.searchParams.set('lang', view.locale === 'id' ? 'en' : 'id');
  return `${next.pathname}${next.search}`;
}

export function CsrfField({ view }: { view: View }) {
  return view.csrfToken ? <input type="hidden" name="_csrf" value={view.csrfToken} /> : null;
}

export function Layout({ view, title, current, children }: { view: View; title: string; current?: 'overview' | 'moderation' | 'settings'; children: Child }) {
  const { t, site, principal } = view;
  const siteBase = site ? `/newsroom/sites/${encodeURIComponent(site.id)}` : null;
  const rank = principal ? { viewer: 0, moderator: 1, admin: 2 }[principal.role] : -1;
  return (
    <html lang={view.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('title')}`}</title>
        <link rel="stylesheet" href="/newsroom/assets/app.css" />
        <script src="/newsroom/assets/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {t('skip')}
        </a>
        <header>
          <a href="/newsroom">
            <strong>{t('title')}</strong>
          </a>
          <nav aria-label={t('title')}>
            {siteBase ? (
              <>
                <a href={siteBase} aria-current={current === 'overview' ? 'page' : undefined}>
                  {t('overview')}
                </a>
                {rank >= 1 ? (
                  <a href={`${siteBase}/moderation`} aria-current={current === 'moderation' ? 'page' : undefined}>
                    {t('moderation')}
                  </a>
                ) : null}
                {rank >= 2 ? (
                  <a href={`${siteBase}/settings`} aria-current={current === 'settings' ? 'page' : undefined}>
                    {t('settings')}
                  </a>
                ) : null}
              </>
            ) : null}
          </nav>
          <a href={languageHref(view)} lang={view.locale === 'id' ? 'en' : 'id'}>
            {t('language')}
          </a>
          {principal ? (
            <form method="post" action="/newsroom/logout">
              <CsrfField view={view} />
              <button type="submit">{t('signOut')}</button>
            </form>
          ) : null}
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

/** Messages above a form: a success note or the list of problems. */
/** One message a page could not act on (a refused sign-in, a wrong confirmation), read out at once. */
export function ErrorAlert({ error }: { error?: string | undefined }) {
  return error ? (
    <p class="errors" role="alert">
      {error}
    </p>
  ) : null;
}

export function Notices({ view, flash, errors }: { view: View; flash?: string | null | undefined; errors?: Record<string, string> | undefined }) {
  const problems = errors ? Object.entries(errors) : [];
  return (
    <>
      {flash ? (
        <p class="flash" role="status">
          {flash}
        </p>
      ) : null}
      {problems.length > 0 ? (
        <div class="errors" role="alert">
          <p>{view.t('fixErrors')}</p>
          <ul>
            {problems.map(([field, message]) => (
              <li>
                <strong>{field}</strong>: {message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

export function FieldError({ errors, field }: { errors?: Record<string, string> | undefined; field: string }) {
  const message = errors?.[field];
  return message ? (
    <p class="field-error" id={`${field.replace(/\W/g, '-')}-error`}>
      {message}
    </p>
  ) : null;
}

/** The language and time-zone fields a site has, on the new-site form and in its settings. */
export function LocaleAndZoneFields({ t, locale, timeZone, errors }: { t: View['t']; locale: string; timeZone: string; errors?: Record<string, string> | undefined }) {
  return (
    <>
      <label for="defaultLocale">{t('locale')}</label>
      <select id="defaultLocale" name="defaultLocale">
        <option value="id" selected={locale === 'id'}>
          Bahasa Indonesia
        </option>
        <option value="en" selected={locale === 'en'}>
          English
        </option>
      </select>
      <label for="timeZone">{t('timeZone')}</label>
      <input id="timeZone" name="timeZone" value={timeZone} list="zones" />
      <datalist id="zones">
        <option value="Asia/Jakarta" />
        <option value="Asia/Makassar" />
        <option value="Asia/Jayapura" />
      </datalist>
      <FieldError errors={errors} field="timeZone" />
    </>
  );
}
