import type { QueueItem } from '../moderation/service';
import type { View } from './layout';

/**
 * A queued comment's author's trust level, and the buttons that set it for every comment they
 * post on the site from now on (`trust-tepercaya:12`, `trust-baru:12`, `trust-automatic:12`).
 */
export function TrustControls({ view, item }: { view: View; item: Pick<QueueItem, 'id' | 'trust'> }) {
  const { t } = view;
  const other = item.trust === 'tepercaya' ? 'baru' : 'tepercaya';
  return (
    <span class="small" data-trust={item.trust}>
      {item.trust === 'tepercaya' ? <strong>{t('trustTepercaya')}</strong> : <span class="muted">{t('trustBaru')}</span>}{' '}
      <button type="submit" name="act" value={`trust-${other}:${item.id}`}>
        {other === 'tepercaya' ? t('trustMakeTepercaya') : t('trustMakeBaru')}
      </button>{' '}
      <button type="submit" name="act" value={`trust-automatic:${item.id}`}>
        {t('trustAutomatic')}
      </button>
    </span>
  );
}
