import { DEFAULT_REACTION_SET, type ReactionSetName, reactionSetNames } from '../../../sites/reaction-sets';
import type { StringKey } from '../i18n';
import { CsrfField, FieldError, LocaleAndZoneFields, Layout, Notices, type View } from '../layout';

const setLabels: Record<ReactionSetName, StringKey> = { 'indonesian-8': 'setIndonesian8', 'seed-4': 'setSeed4' };

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
