import { ErrorAlert, Layout, type View } from '../layout';

/** Sign-in with an API key; the key becomes a session cookie and is never shown again. */
export function LoginPage({ view, error }: { view: View; error?: string | undefined }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('signIn')}>
      <h1>{t('signIn')}</h1>
      <div class="panel">
        <ErrorAlert error={error} />
        <form method="post" action="/newsroom/login">
          <label for="key">{t('apiKey')}</label>
          <input id="key" name="key" type="password" autocomplete="current-password" required minlength={24} size={40} aria-describedby="key-help" />
          <p id="key-help" class="muted small">
            {t('keyHelp')}
          </p>
          <button class="primary" type="submit">
            {t('signIn')}
          </button>
        </form>
      </div>
    </Layout>
  );
}
