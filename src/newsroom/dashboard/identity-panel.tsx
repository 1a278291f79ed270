import { activeRules } from '../../comments/rules';
import type { SiteSettingsDetail } from '../settings/service';
import { CsrfField, FieldError, formatTime, type View } from './layout';

/**
 * Settings → who may comment and on what terms: the `commentIdentity` mode and login URL, the
 * SSO secret (made or replaced here, shown once by the page), and the house rules.
 */
export function ReaderIdentityPanel({ view, site, base, errors }: { view: View; site: SiteSettingsDetail; base: string; errors?: { form: string; fields: Record<string, string> } | undefined }) {
  const { t } = view;
  const s = site.settings;
  const identityErrors = errors?.form === 'identity' ? errors.fields : undefined;
  const rulesErrors = errors?.form === 'rules' ? errors.fields : undefined;
  const rules = activeRules(s);
  const modes = [
    ['anonymous', t('identityAnonymous')],
    ['sso-optional', t('identityOptional')],
    ['sso-required', t('identityRequired')],
  ] as const;
  return (
    <section class="panel" data-testid="reader-accounts">
      <h2>{t('readerAccounts')}</h2>
      <form method="post" action={`${base}/identity`} novalidate>
        <CsrfField view={view} />
        <label for="commentIdentity">{t('commentIdentity')}</label>
        <select id="commentIdentity" name="commentIdentity">
          {modes.map(([value, label]) => (
            <option value={value} selected={s.commentIdentity === value}>
              {label}
            </option>
          ))}
        </select>
        <FieldError errors={identityErrors} field="settings.commentIdentity" />
        <label for="ssoLoginUrl">{t('ssoLoginUrl')}</label>
        <input id="ssoLoginUrl" name="ssoLoginUrl" type="url" size={50} value={s.ssoLoginUrl ?? ''} placeholder="https://" />
        <FieldError errors={identityErrors} field="settings.ssoLoginUrl" />
        <button class="primary" type="submit">
          {t('save')}
        </button>
      </form>
      <h3>{t('ssoSecret')}</h3>
      <p>{t('ssoSecretHelp')}</p>
      <p>{site.ssoSecretRotatedAt === null ? t('ssoSecretNone') : `${t('ssoSecretMadeAt')}: ${formatTime(view, site.ssoSecretRotatedAt)}`}</p>
      <form method="post" action={`${base}/sso-secret`} class="actions">
        <CsrfField view={view} />
        {site.ssoSecretRotatedAt === null ? (
          <button type="submit">{t('makeSsoSecret')}</button>
        ) : (
          <button type="submit" class="danger" data-confirm={t('rotateSsoConfirm')}>
            {t('rotateSsoSecret')}
          </button>
        )}
      </form>
      <h3>{t('houseRules')}</h3>
      <p>{t('houseRulesHelp')}</p>
      {rules ? (
        <p>
          {t('rulesVersion')} {rules.version}
        </p>
      ) : null}
      <form method="post" action={`${base}/rules`} novalidate>
        <CsrfField view={view} />
        <label for="rulesTextId">{t('rulesTextId')}</label>
        <textarea id="rulesTextId" name="textId">{rules?.text.id ?? ''}</textarea>
        <FieldError errors={rulesErrors} field="text.id" />
        <label for="rulesTextEn">{t('rulesTextEn')}</label>
        <textarea id="rulesTextEn" name="textEn">{rules?.text.en ?? ''}</textarea>
        <FieldError errors={rulesErrors} field="text.en" />
        <label for="rulesUrl">{t('rulesUrl')}</label>
        <input id="rulesUrl" name="url" type="url" size={50} value={rules?.url ?? ''} placeholder="https://" />
        <FieldError errors={rulesErrors} field="url" />
        <button class="primary" type="submit">
          {t('save')}
        </button>
      </form>
      {rules ? (
        <form method="post" action={`${base}/rules/remove`} class="actions">
          <CsrfField view={view} />
          <button type="submit" class="danger" data-confirm={`${t('removeRules')}?`}>
            {t('removeRules')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
