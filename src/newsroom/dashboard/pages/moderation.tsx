import type { LogEntry, QueueItem } from '../../moderation/service';
import { ReasonFields, TimeLeft } from '../deadlines';
import { TrustControls } from '../trust-controls';
import { CsrfField, formatTime, Layout, Notices, type View } from '../layout';
import { AuthorName } from './picks';

const enc = encodeURIComponent;

/** The pending or reported queue with one-click and bulk actions, and the moderation log. */
export function ModerationPage({
  view,
  queue,
  items,
  next,
  filter,
  log,
  flash,
}: {
  view: View;
  queue: 'pending' | 'reported';
  items: QueueItem[];
  next: string | null;
  filter: { article?: string | undefined; q?: string | undefined };
  log: LogEntry[];
  flash?: string | undefined;
}) {
  const { t } = view;
  const base = `/newsroom/sites/${enc(view.site!.id)}/moderation`;
  return (
    <Layout view={view} title={t('moderation')} current="moderation">
      <h1>{t('moderation')}</h1>
      <Notices view={view} flash={flash} />
      <nav class="periods" aria-label={t('moderation')}>
        <a href={`${base}?queue=pending`} aria-current={queue === 'pending' ? 'page' : undefined}>
          {t('queuePending')}
        </a>
        <a href={`${base}?queue=reported`} aria-current={queue === 'reported' ? 'page' : undefined}>
          {t('queueReported')}
        </a>
        <a href={`/newsroom/sites/${enc(view.site!.id)}/complaints`}>{t('complaintReport')}</a>
        <a href={`/newsroom/sites/${enc(view.site!.id)}/orders`}>{t('orders')}</a>
      </nav>
      <form method="get" action={base} class="periods">
        <input type="hidden" name="queue" value={queue} />
        <span>
          <label for="q" class="small">
            {t('search')}
          </label>
          <input id="q" name="q" value={filter.q ?? ''} maxlength={100} />
        </span>
        <span>
          <label for="article" class="small">
            {t('article')}
          </label>
          <input id="article" name="article" value={filter.article ?? ''} maxlength={128} />
        </span>
        <button type="submit">{t('filter')}</button>
      </form>
      <p class="muted small">{t('keyboardHelp')}</p>
      {items.length === 0 ? (
        <p class="panel" data-testid="queue-empty">
          {t('queueEmpty')}
        </p>
      ) : (
        <form method="post" action={base} data-testid="queue">
          <CsrfField view={view} />
          <input type="hidden" name="queue" value={queue} />
          <div class="actions panel">
            <label class="small">
              <input type="checkbox" data-select-all="" /> {t('selectAll')}
            </label>
            <span>{t('selected')}:</span>
            <button type="submit" class="ok" name="act" value="approve:selected">
              {t('approve')}
            </button>
            <button type="submit" class="danger" name="act" value="reject:selected">
              {t('reject')}
            </button>
            <button type="submit" class="danger" name="act" value="spam:selected">
              {t('markSpam')}
            </button>
            <label for="days" class="small">
              {t('muteDays')}
            </label>
            <input id="days" name="days" type="number" min={1} max={365} value="7" size={4} />
            <ReasonFields view={view} />
          </div>
          {items.map((item) => (
            <article class="queue-item" data-comment-id={String(item.id)}>
              <div class="actions">
                <input type="checkbox" name="ids" value={String(item.id)} aria-label={`${t('selected')} #${item.id}`} />
                <AuthorName view={view} name={item.authorName} verified={item.verified} />
                <TrustControls view={view} item={item} />
                <a class="muted small" href={`/newsroom/sites/${enc(view.site!.id)}/comments/${item.id}`}>
                  #{item.id}
                </a>
                <span class="muted small">
                  {formatTime(view, item.createdAt)} ·{' '}
                  <a href={`/newsroom/sites/${enc(view.site!.id)}/articles/${enc(item.article.id)}`}>{item.article.title ?? item.article.id}</a>
                </span>
                <TimeLeft view={view} dueAt={item.dueAt} msLeft={item.msLeft} overdue={item.overdue} />
              </div>
              <p class="body">{item.body}</p>
              <p class="muted small">
                {item.heldReason ? `${t('heldBecause')}: ${item.heldReason}` : null}
                {item.reportCount > 0
                  ? ` · ${item.reportCount} ${t('reports')} (${Object.entries(item.reportReasons)
                      .map(([reason, count]) => `${reason} ${count}`)
                      .join(', ')}) · ${item.reportNetworks} ${t('reportNetworks')}`
                  : null}
              </p>
              <div class="actions">
                <button type="submit" class="ok" name="act" value={`approve:${item.id}`}>
                  {t('approve')}
                </button>
                <button type="submit" class="danger" name="act" value={`reject:${item.id}`}>
                  {t('reject')}
                </button>
                <button type="submit" class="danger" name="act" value={`spam:${item.id}`}>
                  {t('markSpam')}
                </button>
                <button type="submit" name="act" value={`mute:${item.id}`}>
                  {t('mute')}
                </button>
                <button type="submit" name="act" value={`unmute:${item.id}`}>
                  {t('unmute')}
                </button>
                <a class="small" href={`/newsroom/sites/${enc(view.site!.id)}/articles/${enc(item.article.id)}/comments`}>
                  {t('picks')}
                </a>
              </div>
            </article>
          ))}
          {next !== null ? (
            <p>
              <a href={`${base}?queue=${queue}&after=${next}${filter.q ? `&q=${enc(filter.q)}` : ''}${filter.article ? `&article=${enc(filter.article)}` : ''}`}>{t('more')} →</a>
            </p>
          ) : null}
        </form>
      )}
      <section class="panel">
        <h2>{t('log')}</h2>
        <table data-sortable="">
          <thead>
            <tr>
              <th>{t('when')}</th>
              <th>{t('action')}</th>
              <th>#</th>
              <th>{t('who')}</th>
            </tr>
          </thead>
          <tbody>
            {log.map((entry) => (
              <tr>
                <td data-value={String(entry.createdAt)}>{formatTime(view, entry.createdAt)}</td>
                <td>
                  {entry.action}
                  {entry.note ? <span class="muted small"> ({entry.note})</span> : null}
                </td>
                <td>{entry.commentId ?? ''}</td>
                <td>{entry.actorName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}
