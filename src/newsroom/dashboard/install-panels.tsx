import type { InstallSnippets } from '../settings/install';
import type { LastSeen } from '../../sites/sightings';
import type { StringKey } from './i18n';
import { formatNumber, formatTime, type View } from './layout';

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
