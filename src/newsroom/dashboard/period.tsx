import type { Period } from '../analytics/periods';
import type { ReactionInfo } from '../analytics/service';
import type { View } from './layout';

/** The path of the site the page is about. */
export function siteBase(view: View): string {
  return `/newsroom/sites/${encodeURIComponent(view.site!.id)}`;
}

/** The query string that asks for `period` again (links, exports). */
export function periodQuery(period: Period): string {
  return period.name === 'custom' ? `period=custom&from=${period.from}&to=${period.to}` : `period=${period.name}`;
}

/** A reaction as the dashboard names it: its emoji and its label in the page's language. */
export function reactionLabel(view: View, reaction: ReactionInfo): string {
  return `${reaction.emoji} ${reaction.label[view.locale]}`.trim();
}

/** Today, the last 7 or 30 days, or a custom range: links and a date form for `path`. */
export function PeriodPicker({ view, period, path, extra = '' }: { view: View; period: Period; path: string; extra?: string }) {
  const { t } = view;
  const names = [
    ['today', t('today')],
    ['7d', t('last7')],
    ['30d', t('last30')],
  ] as const;
  return (
    <form class="periods" method="get" action={path} aria-label={t('period')}>
      {names.map(([name, text]) => (
        <a href={`${path}?period=${name}${extra}`} aria-current={period.name === name ? 'true' : undefined}>
          {text}
        </a>
      ))}
      <input type="hidden" name="period" value="custom" />
      <DateField name="from" label={t('from')} value={period.from} />
      <DateField name="to" label={t('to')} value={period.to} />
      <button type="submit">{t('show')}</button>
      <span class="muted small">
        {period.from === period.to ? period.from : `${period.from} – ${period.to}`} ({view.site!.timeZone})
      </span>
    </form>
  );
}

/** One end of a custom period: a labelled date input. */
function DateField({ name, label, value }: { name: 'from' | 'to'; label: string; value: string }) {
  return (
    <span>
      <label for={name} class="small">
        {label}
      </label>
      <input id={name} type="date" name={name} value={value} required />
    </span>
  );
}
