import { decisionReasonKeys, reasonLabel } from '../complaints/reasons';
import { formatNumber, formatTime, type View } from './layout';

/** Hours and minutes, as a moderator reads a deadline at a glance: "46 j 5 m". */
function duration(view: View, ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return `${Math.floor(minutes / 60)} ${view.t('hoursShort')} ${minutes % 60} ${view.t('minutesShort')}`;
}

/**
 * A complaint's or an order's deadline: the due time, and the time left or how long it is
 * overdue (marked for styling and for tests with `data-overdue`). Nothing without a deadline.
 */
export function TimeLeft({ view, dueAt, msLeft, overdue }: { view: View; dueAt: number | null; msLeft: number | null; overdue: boolean }) {
  if (dueAt === null || msLeft === null) return null;
  return (
    <span class={overdue ? 'due overdue' : 'due'} data-due-at={String(dueAt)} data-overdue={overdue ? 'true' : 'false'}>
      {view.t('dueAt')} {formatTime(view, dueAt)} · {overdue ? `${view.t('overdueBy')} ${duration(view, msLeft)}` : `${view.t('timeLeft')} ${duration(view, msLeft)}`}
    </span>
  );
}

/** The fixed list of decision reasons, as the moderation form offers it. */
export function ReasonFields({ view }: { view: View }) {
  return (
    <>
      <label for="reason" class="small">
        {view.t('decisionReason')}
      </label>
      <select id="reason" name="reason" aria-describedby="reason-help">
        <option value="">{view.t('chooseReason')}</option>
        {decisionReasonKeys.map((key) => (
          <option value={key}>{reasonLabel(key, view.locale)}</option>
        ))}
      </select>
      <label for="note" class="small">
        {view.t('decisionNote')}
      </label>
      <input id="note" name="note" maxlength={500} />
      <p id="reason-help" class="muted small">
        {view.t('decisionReasonHelp')}
      </p>
    </>
  );
}

/** The dashboard home's cards for work past its deadline. */
export function OverdueCards({ view, overdue }: { view: View; overdue: { complaints: number; orders: number } }) {
  const base = `/newsroom/sites/${encodeURIComponent(view.site!.id)}`;
  return (
    <>
      <div class={overdue.complaints > 0 ? 'card overdue' : 'card'}>
        <div class="value" data-testid="overdue-complaints">
          <a href={`${base}/moderation?queue=reported`}>{formatNumber(view, overdue.complaints)}</a>
        </div>
        <div class="label">{view.t('overdueComplaints')}</div>
      </div>
      <div class={overdue.orders > 0 ? 'card overdue' : 'card'}>
        <div class="value" data-testid="overdue-orders">
          <a href={`${base}/orders`}>{formatNumber(view, overdue.orders)}</a>
        </div>
        <div class="label">{view.t('overdueOrders')}</div>
      </div>
    </>
  );
}
