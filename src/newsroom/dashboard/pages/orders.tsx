import type { Order } from '../../orders/service';
import { TimeLeft } from '../deadlines';
import { CsrfField, FieldError, formatTime, Layout, Notices, type View } from '../layout';

const statusLabel = { open: 'orderStatusOpen', handled: 'orderStatusHandled', 'handled-late': 'orderStatusLate', corrected: 'orderStatusCorrected' } as const;
const issuerLabel = { komdigi: 'issuerKomdigi', police: 'issuerPolice', court: 'issuerCourt', other: 'issuerOther' } as const;

/** Values the order form shows again after a refusal. */
export type OrderFormValues = Record<string, string>;

/** The authority order log, soonest due first, with the form to record one and the exports. */
export function OrdersPage({
  view,
  orders,
  values = {},
  errors,
  flash,
}: {
  view: View;
  orders: Order[];
  values?: OrderFormValues;
  errors?: Record<string, string> | undefined;
  flash?: string | undefined;
}) {
  const { t } = view;
  const site = encodeURIComponent(view.site!.id);
  const field = (name: string) => values[name] ?? '';
  return (
    <Layout view={view} title={t('orders')} current="moderation">
      <h1>{t('orders')}</h1>
      <Notices view={view} flash={flash} errors={errors} />
      <p class="muted">{t('ordersHelp')}</p>
      <p>
        <a href={`/v1/newsroom/sites/${site}/export/orders?format=csv`}>{t('downloadCsv')}</a> ·{' '}
        <a href={`/v1/newsroom/sites/${site}/export/orders?format=json`}>{t('downloadJson')}</a>
      </p>
      <section class="panel">
        {orders.length === 0 ? (
          <p data-testid="orders-empty">{t('noOrders')}</p>
        ) : (
          <table data-testid="orders">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('issuer')}</th>
                <th>{t('reference')}</th>
                <th>{t('receivedAt')}</th>
                <th>{t('urgency')}</th>
                <th>{t('handledAt')}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr data-order-id={String(order.id)} data-status={order.status}>
                  <td>{order.id}</td>
                  <td>{order.issuer === 'other' ? order.issuerName : t(issuerLabel[order.issuer])}</td>
                  <td>
                    {order.reference}
                    {order.correctsId !== null ? ` (${t('correctsId')} ${order.correctsId})` : ''}
                  </td>
                  <td>{formatTime(view, order.receivedAt)}</td>
                  <td>{order.status === 'open' ? <TimeLeft view={view} dueAt={order.dueAt} msLeft={order.msLeft} overdue={order.overdue} /> : formatTime(view, order.dueAt)}</td>
                  <td>
                    {t(statusLabel[order.status])}
                    {order.handledAt !== null ? ` · ${formatTime(view, order.handledAt)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="panel">
        <h2>{t('recordOrder')}</h2>
        <form method="post" action={`/newsroom/sites/${site}/orders`} class="stack">
          <CsrfField view={view} />
          <label for="issuer">{t('issuer')}</label>
          <select id="issuer" name="issuer">
            {(['komdigi', 'police', 'court', 'other'] as const).map((issuer) => (
              <option value={issuer} selected={field('issuer') === issuer}>
                {t(issuerLabel[issuer])}
              </option>
            ))}
          </select>
          <label for="issuerName">{t('issuerName')}</label>
          <input id="issuerName" name="issuerName" maxlength={100} value={field('issuerName')} />
          <FieldError errors={errors} field="issuerName" />
          <label for="reference">{t('reference')}</label>
          <input id="reference" name="reference" maxlength={100} required value={field('reference')} />
          <FieldError errors={errors} field="reference" />
          <label for="receivedAt">{t('receivedAt')}</label>
          <input id="receivedAt" name="receivedAt" type="datetime-local" required value={field('receivedAt')} />
          <FieldError errors={errors} field="receivedAt" />
          <label for="urgency">{t('urgency')}</label>
          <select id="urgency" name="urgency">
            {(['urgent', 'normal', 'custom'] as const).map((urgency) => (
              <option value={urgency} selected={field('urgency') === urgency}>
                {t(urgency === 'urgent' ? 'urgencyUrgent' : urgency === 'normal' ? 'urgencyNormal' : 'urgencyCustom')}
              </option>
            ))}
          </select>
          <label for="dueAt">{t('customDueAt')}</label>
          <input id="dueAt" name="dueAt" type="datetime-local" value={field('dueAt')} />
          <FieldError errors={errors} field="dueAt" />
          <label for="commentIds">{t('orderComments')}</label>
          <input id="commentIds" name="commentIds" value={field('commentIds')} />
          <FieldError errors={errors} field="commentIds" />
          <label for="articleIds">{t('orderArticles')}</label>
          <textarea id="articleIds" name="articleIds" rows={2}>
            {field('articleIds')}
          </textarea>
          <FieldError errors={errors} field="articleIds" />
          <label for="orderNote">{t('orderNote')}</label>
          <input id="orderNote" name="note" maxlength={1000} value={field('note')} />
          <label for="correctsId">{t('correctsId')}</label>
          <input id="correctsId" name="correctsId" inputmode="numeric" value={field('correctsId')} />
          <FieldError errors={errors} field="correctsId" />
          <button type="submit">{t('recordOrder')}</button>
        </form>
      </section>
    </Layout>
  );
}
