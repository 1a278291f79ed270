import { DEFAULT_REACTION_SET, type ReactionSetName, reactionSetNames } from '../../sites/reaction-sets';
import type { InstallSnippets } from '../settings/install';
import type { LastSeen } from '../../sites/sightings';
import type { SiteHoldings, SiteSummary } from '../sites/service';
import type { StringKey } from './i18n';
import { CsrfField, ErrorAlert, FieldError, LocaleAndZoneFields, formatNumber, formatTime, Layout, Notices, type View } from './layout';

const enc = encodeURIComponent;

const setLabels: Record<ReactionSetName, StringKey> = { 'indonesian-8': 'setIndonesian8', 'seed-4': 'setSeed4' };

/** The instance admin's list of every site, with a way to add one and to delete each. */
export function InstanceSitesPage({ view, sites, flash }: { view: View; sites: SiteSummary[]; flash?: string | undefined }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('sites')}>
      <h1>{t('sites')}</h1>
      <Notices view={view} flash={flash} />
      <p>
        <a class="button primary" href="/newsroom/new-site">
          {t('newSite')}
        </a>
      </p>
      <table class="panel" data-testid="site-list">
        <thead>
          <tr>
            <th>{t('name')}</th>
            <th>{t('siteId')}</th>
            <th>{t('origins')}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {sites.map((site) => (
            <tr>
              <td>
                <a href={`/newsroom/sites/${enc(site.id)}`}>{site.name}</a>
              </td>
              <td>
                <code>{site.id}</code>
              </td>
              <td class="small">{site.origins.join(', ')}</td>
              <td>
                <a href={`/newsroom/sites/${enc(site.id)}/settings`}>{t('settings')}</a> ·{' '}
                <a href={`/newsroom/sites/${enc(site.id)}/delete`}>{t('deleteSite')}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

/** What the "Situs baru" form was last sent with, to show it again beside its errors. */
export type NewSiteValues = { id: string; name: string; origins: string; defaultLocale: string; timeZone: string; reactionSet: string };

export const emptyNewSite: NewSiteValues = { id: '', name: '', origins: '', defaultLocale: 'id', timeZone: 'Asia/Jakarta', reactionSet: DEFAULT_REACTION_SET };

/** "Situs baru": the fields the API's create schema asks for, with its defaults preselected. */
export function NewSitePage({ view, values, errors }: { view: View; values: NewSiteValues; errors?: Record<string, string> | undefined }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('newSite')}>
      <h1>{t('newSite')}</h1>
      <Notices view={view} errors={errors} />
      <form class="panel" method="post" action="/newsroom/new-site" novalidate>
        <CsrfField view={view} />
        <label for="id">{t('siteId')}</label>
        <input id="id" name="id" value={values.id} required maxlength={63} pattern="[a-z0-9][a-z0-9-]*" aria-describedby="id-help" />
        <p id="id-help" class="muted small">
          {t('siteIdHelp')}
        </p>
        <FieldError errors={errors} field="id" />
        <label for="name">{t('name')}</label>
        <input id="name" name="name" value={values.name} required maxlength={100} />
        <FieldError errors={errors} field="name" />
        <label for="origins">{t('origins')}</label>
        <textarea id="origins" name="origins" required aria-describedby="origins-help">
          {values.origins}
        </textarea>
        <p id="origins-help" class="muted small">
          {t('originsHelp')}
        </p>
        <FieldError errors={errors} field="origins" />
        {Object.entries(errors ?? {})
          .filter(([field]) => field.startsWith('origins.'))
          .map(([field]) => (
            <FieldError errors={errors} field={field} />
          ))}
        <LocaleAndZoneFields t={t} locale={values.defaultLocale} timeZone={values.timeZone} errors={errors} />
        <fieldset>
          <legend>{t('reactionSet')}</legend>
          {reactionSetNames.map((name) => (
            <label>
              <input type="radio" name="reactionSet" value={name} checked={values.reactionSet === name} /> {t(setLabels[name])}
            </label>
          ))}
          <p class="muted small">{t('reactionSetHelp')}</p>
          <FieldError errors={errors} field="reactionSet" />
        </fieldset>
        <button class="primary" type="submit">
          {t('createSite')}
        </button>
      </form>
    </Layout>
  );
}

/** Delete with confirmation: what will be lost, and the id typed again. */
export function DeleteSitePage({ view, holds, error }: { view: View; holds: SiteHoldings; error?: string | undefined }) {
  const { t } = view;
  const site = view.site!;
  return (
    <Layout view={view} title={t('deleteSite')}>
      <h1>
        {t('deleteSite')}: {site.name} (<code>{site.id}</code>)
      </h1>
      <div class="panel">
        <ErrorAlert error={error} />
        <p>{t('deleteWarning')}</p>
        <ul data-testid="holds">
          <li>
            {formatNumber(view, holds.articles)} {t('holdsArticles')}
          </li>
          <li>
            {formatNumber(view, holds.votes)} {t('holdsVotes')}
          </li>
          <li>
            {formatNumber(view, holds.comments)} {t('holdsComments')}
          </li>
          <li>
            {formatNumber(view, holds.keys)} {t('holdsKeys')}
          </li>
        </ul>
        <p class="muted">{t('holdsAlso')}</p>
        <form method="post" action={`/newsroom/sites/${enc(site.id)}/delete`}>
          <CsrfField view={view} />
          <label for="confirm">{t('deleteConfirm')}</label>
          <input id="confirm" name="confirm" required autocomplete="off" maxlength={100} />
          <button class="danger" type="submit">
            {t('deleteSite')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

/** The settings page's "Pemasangan" and "Terakhir terlihat" panels. */
export function InstallPanels({ view, install, lastSeen }: { view: View; install: InstallSnippets; lastSeen: LastSeen }) {
  const { t } = view;
  const snippets: [StringKey, string][] = [
    ['installScript', install.script],
    ['installIframe', install.iframe],
    ['installAmp', install.amp],
    ['installNoscript', install.noscript],
  ];
  return (
    <>
      <section class="panel" data-testid="install">
        <h2>{t('install')}</h2>
        {snippets.map(([label, code]) => (
          <>
            <p>{t(label)}</p>
            <pre>
              <code>{code}</code>
            </pre>
          </>
        ))}
      </section>
      <section class="panel" data-testid="last-seen">
        <h2>{t('lastSeen')}</h2>
        <h3>{t('lastSeenPages')}</h3>
        {lastSeen.pages.length === 0 ? (
          <p class="muted">{t('lastSeenNone')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('page')}</th>
                <th>{t('when')}</th>
              </tr>
            </thead>
            <tbody>
              {lastSeen.pages.map((page) => (
                <tr>
                  <td>
                    <code>
                      {page.origin}
                      {page.path}
                    </code>
                  </td>
                  <td>{formatTime(view, page.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3>{t('refusals')}</h3>
        {lastSeen.refusals.length === 0 ? (
          <p class="muted">{t('refusalsNone')}</p>
        ) : (
          <>
            <p class="errors">{t('refusalsHelp')}</p>
            <table>
              <thead>
                <tr>
                  <th>{t('origin')}</th>
                  <th>{t('times')}</th>
                  <th>{t('when')}</th>
                </tr>
              </thead>
              <tbody>
                {lastSeen.refusals.map((refusal) => (
                  <tr>
                    <td>
                      <code>{refusal.origin}</code>
                    </td>
                    <td>{formatNumber(view, refusal.count)}</td>
                    <td>{formatTime(view, refusal.lastSeenAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </>
  );
}
