import type { SiteSummary } from '../../sites/service';
import { formatTime, Layout, Notices, type View } from '../layout';

const enc = encodeURIComponent;

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
