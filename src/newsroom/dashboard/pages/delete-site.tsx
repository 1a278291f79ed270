import type { SiteHoldings } from '../../sites/service';
import { CsrfField, ErrorAlert, formatNumber, Layout, type View } from '../layout';

const enc = encodeURIComponent;

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
