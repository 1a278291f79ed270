import type { KeySummary } from '../access/service';
import type { LogEntry, QueueItem } from '../moderation/service';
import type { SiteSettingsDetail } from '../settings/service';
import type { DeliveryView, WebhookView } from '../webhooks/service';
import { webhookEvents } from '../webhooks/service';
import { CsrfField, FieldError, LocaleAndZoneFields, formatTime, Layout, Notices, type View } from './layout';
import { ReasonFields, TimeLeft } from './deadlines';
import { InstallPanels } from './site-pages';

const enc = encodeURIComponent;

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
                <strong>{item.authorName}</strong>
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

export type SettingsPageData = {
  settings: SiteSettingsDetail;
  keys: KeySummary[];
  webhooks: (WebhookView & { deliveries: DeliveryView[] })[];
  /** How often each limit refused requests, per day (src/ratelimit `limitStats`). */
  fired: { policy: string; day: string; count: number }[];
  flash?: string | undefined;
  /** Field errors of the form that was just sent, by form name then field path. */
  errors?: { form: string; fields: Record<string, string> } | undefined;
  /** A just-created key or webhook secret, shown once. */
  secret?: { kind: 'key' | 'webhook'; value: string } | undefined;
};

export function SettingsPage({ view, data }: { view: View; data: SettingsPageData }) {
  const { t } = view;
  const { settings: site } = data;
  const s = site.settings;
  const base = `/newsroom/sites/${enc(site.id)}/settings`;
  const errorsFor = (form: string) => (data.errors?.form === form ? data.errors.fields : undefined);
  const general = errorsFor('general');
  const lines = (list: string[] | null) => (list ?? []).join('\n');
  return (
    <Layout view={view} title={t('settings')} current="settings">
      <h1>
        {site.name} · {t('settings')}
      </h1>
      <Notices view={view} flash={data.flash} errors={data.errors?.fields} />
      {data.secret ? (
        <p class="panel" role="status">
          {data.secret.kind === 'key' ? t('newKeyOnce') : t('newSecretOnce')}
          <code class="secret" data-testid="new-secret">
            {data.secret.value}
          </code>
        </p>
      ) : null}
      <section class="panel">
        <h2>{t('general')}</h2>
        <form method="post" action={`${base}/general`} novalidate>
          <CsrfField view={view} />
          <label for="name">{t('name')}</label>
          <input id="name" name="name" value={site.name} required maxlength={100} />
          <FieldError errors={general} field="name" />
          <label for="origins">{t('origins')}</label>
          <textarea id="origins" name="origins">{site.origins.join('\n')}</textarea>
          <FieldError errors={general} field="origins" />
          <LocaleAndZoneFields t={t} locale={site.defaultLocale} timeZone={site.timeZone} errors={general} />
          <fieldset>
            <legend>{t('moderation')}</legend>
            <label for="moderationMode">{t('moderationMode')}</label>
            <select id="moderationMode" name="moderationMode">
              <option value="post" selected={s.moderationMode === 'post'}>
                {t('modePost')}
              </option>
              <option value="pre" selected={s.moderationMode === 'pre'}>
                {t('modePre')}
              </option>
              <option value="first-comment" selected={s.moderationMode === 'first-comment'}>
                {t('modeFirst')}
              </option>
            </select>
            <label>
              <input type="checkbox" name="commentsEnabled" value="1" checked={s.commentsEnabled} /> {t('commentsEnabled')}
            </label>
            <label for="reportThreshold">{t('reportThreshold')}</label>
            <input id="reportThreshold" name="reportThreshold" type="number" value={String(s.reportThreshold)} />
            <FieldError errors={general} field="settings.reportThreshold" />
            <label for="complaintDeadlineHours">{t('complaintDeadlineHours')}</label>
            <input id="complaintDeadlineHours" name="complaintDeadlineHours" type="number" min={1} max={720} value={String(s.complaintDeadlineHours)} />
            <FieldError errors={general} field="settings.complaintDeadlineHours" />
            <label for="editWindowMinutes">{t('editWindow')}</label>
            <input id="editWindowMinutes" name="editWindowMinutes" type="number" value={String(s.editWindowMinutes)} />
            <FieldError errors={general} field="settings.editWindowMinutes" />
            <label for="bannedWords">{t('bannedWords')}</label>
            <textarea id="bannedWords" name="bannedWords">{lines(s.bannedWords)}</textarea>
            <FieldError errors={general} field="settings.bannedWords" />
            <label for="suspectWords">{t('suspectWords')}</label>
            <textarea id="suspectWords" name="suspectWords">{lines(s.suspectWords)}</textarea>
            <FieldError errors={general} field="settings.suspectWords" />
          </fieldset>
          <fieldset>
            <legend>{t('votes')}</legend>
            <label for="resultVisibility">{t('resultVisibility')}</label>
            <select id="resultVisibility" name="resultVisibility">
              <option value="always" selected={s.resultVisibility === 'always'}>
                {t('always')}
              </option>
              <option value="after-vote" selected={s.resultVisibility === 'after-vote'}>
                {t('afterVote')}
              </option>
            </select>
            <label for="votesPerNetworkPerDay">{t('votesPerNetwork')}</label>
            <input id="votesPerNetworkPerDay" name="votesPerNetworkPerDay" type="number" value={String(s.votesPerNetworkPerDay)} />
            <FieldError errors={general} field="settings.votesPerNetworkPerDay" />
            <label for="commentIntervalSeconds">{t('commentInterval')}</label>
            <input id="commentIntervalSeconds" name="commentIntervalSeconds" type="number" value={String(s.commentIntervalSeconds)} />
            <FieldError errors={general} field="settings.commentIntervalSeconds" />
            <label for="commentsPerDay">{t('commentsPerDay')}</label>
            <input id="commentsPerDay" name="commentsPerDay" type="number" value={String(s.commentsPerDay)} />
            <FieldError errors={general} field="settings.commentsPerDay" />
          </fieldset>
          <fieldset>
            <legend>{t('limits')}</legend>
            <label for="votesPerAddressPerDay">{t('votesPerAddress')}</label>
            <input id="votesPerAddressPerDay" name="votesPerAddressPerDay" type="number" value={String(s.votesPerAddressPerDay)} />
            <FieldError errors={general} field="settings.votesPerAddressPerDay" />
            <label for="commentsPerAddressPerDay">{t('commentsPerAddress')}</label>
            <input id="commentsPerAddressPerDay" name="commentsPerAddressPerDay" type="number" value={String(s.commentsPerAddressPerDay)} />
            <FieldError errors={general} field="settings.commentsPerAddressPerDay" />
            <label for="likesPerAddressPerDay">{t('likesPerAddress')}</label>
            <input id="likesPerAddressPerDay" name="likesPerAddressPerDay" type="number" value={String(s.likesPerAddressPerDay)} />
            <FieldError errors={general} field="settings.likesPerAddressPerDay" />
            <label for="reportsPerNetworkPerDay">{t('reportsPerNetwork')}</label>
            <input id="reportsPerNetworkPerDay" name="reportsPerNetworkPerDay" type="number" value={String(s.reportsPerNetworkPerDay)} />
            <FieldError errors={general} field="settings.reportsPerNetworkPerDay" />
            <label for="hardCeilingFactor">{t('hardCeilingFactor')}</label>
            <input id="hardCeilingFactor" name="hardCeilingFactor" type="number" value={String(s.hardCeilingFactor)} />
            <FieldError errors={general} field="settings.hardCeilingFactor" />
            <p class="muted small" data-testid="limits-fired">
              {t('limitsFired')}:{' '}
              {data.fired.length === 0 ? t('limitsNeverFired') : data.fired.map((row) => `${row.day} ${row.policy} ${row.count}×`).join(' · ')}
            </p>
          </fieldset>
          <button class="primary" type="submit">
            {t('save')}
          </button>
        </form>
      </section>
      <InstallPanels view={view} install={site.install} lastSeen={site.lastSeen} />
      <section class="panel">
        <h2>{t('reactions')}</h2>
        <table>
          <thead>
            <tr>
              <th>{t('key')}</th>
              <th>{t('emoji')}</th>
              <th>{t('labelId')}</th>
              <th>{t('labelEn')}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {site.reactions.map((reaction, index) => (
              <tr>
                <td>
                  <code>{reaction.key}</code>
                  {reaction.active ? null : <span class="muted small"> ({t('retired')})</span>}
                </td>
                <td colspan={3}>
                  <form method="post" action={`${base}/reactions/${enc(reaction.key)}`} class="actions">
                    <CsrfField view={view} />
                    <input name="emoji" value={reaction.emoji} size={3} aria-label={`${t('emoji')} ${reaction.key}`} />
                    <input name="labelId" value={reaction.labels.id} size={12} aria-label={`${t('labelId')} ${reaction.key}`} />
                    <input name="labelEn" value={reaction.labels.en} size={12} aria-label={`${t('labelEn')} ${reaction.key}`} />
                    <button type="submit" name="do" value="relabel">
                      {t('save')}
                    </button>
                    <button type="submit" name="do" value={reaction.active ? 'retire' : 'restore'}>
                      {reaction.active ? t('retire') : t('restore')}
                    </button>
                    {index > 0 ? (
                      <button type="submit" name="do" value="up" aria-label={`${t('moveUp')} ${reaction.key}`}>
                        ↑
                      </button>
                    ) : null}
                    {index < site.reactions.length - 1 ? (
                      <button type="submit" name="do" value="down" aria-label={`${t('moveDown')} ${reaction.key}`}>
                        ↓
                      </button>
                    ) : null}
                  </form>
                </td>
                <td></td>
              </tr>
            ))}
          </tbody>
        </table>
        <FieldErrorList errors={errorsFor('reaction')} />
        <form method="post" action={`${base}/reactions`} class="actions">
          <CsrfField view={view} />
          <input name="key" placeholder={t('key')} aria-label={t('key')} size={10} required />
          <input name="emoji" placeholder={t('emoji')} aria-label={t('emoji')} size={3} required />
          <input name="labelId" placeholder={t('labelId')} aria-label={t('labelId')} size={12} required />
          <input name="labelEn" placeholder={t('labelEn')} aria-label={t('labelEn')} size={12} required />
          <button type="submit">{t('addReaction')}</button>
        </form>
      </section>
      <section class="panel">
        <h2>{t('keys')}</h2>
        <table>
          <thead>
            <tr>
              <th>{t('name')}</th>
              <th>{t('role')}</th>
              <th>{t('key')}</th>
              <th>{t('lastUsed')}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {data.keys.map((key) => (
              <tr>
                <td>{key.name}</td>
                <td>{key.role}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{key.lastUsedAt ? formatTime(view, key.lastUsedAt) : t('never')}</td>
                <td>
                  {key.revokedAt ? (
                    <span class="muted">{t('revoked')}</span>
                  ) : (
                    <form method="post" action={`${base}/keys/${key.id}/revoke`} class="inline">
                      <CsrfField view={view} />
                      <button type="submit" class="danger" data-confirm={`${t('revoke')}: ${key.name}?`}>
                        {t('revoke')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <FieldErrorList errors={errorsFor('key')} />
        <form method="post" action={`${base}/keys`} class="actions">
          <CsrfField view={view} />
          <input name="name" placeholder={t('name')} aria-label={t('name')} required maxlength={80} />
          <select name="role" aria-label={t('role')}>
            <option value="viewer">viewer</option>
            <option value="moderator">moderator</option>
            <option value="admin">admin</option>
          </select>
          <button type="submit">{t('createKey')}</button>
        </form>
      </section>
      <section class="panel">
        <h2>{t('webhooks')}</h2>
        {data.webhooks.map((hook) => (
          <div>
            <p>
              <code>{hook.url}</code> — {hook.events.join(', ')}{' '}
              <form method="post" action={`${base}/webhooks/${hook.id}/delete`} class="inline">
                <CsrfField view={view} />
                <button type="submit" class="danger" data-confirm={`${t('remove')}: ${hook.url}?`}>
                  {t('remove')}
                </button>
              </form>
            </p>
            {hook.deliveries.length > 0 ? (
              <details>
                <summary>{t('deliveries')}</summary>
                <table>
                  <tbody>
                    {hook.deliveries.map((delivery) => (
                      <tr>
                        <td>{formatTime(view, delivery.createdAt)}</td>
                        <td>{delivery.event}</td>
                        <td>{delivery.status}</td>
                        <td>{delivery.attempts}×</td>
                        <td>{delivery.lastError ?? delivery.responseStatus ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            ) : null}
          </div>
        ))}
        <FieldErrorList errors={errorsFor('webhook')} />
        <form method="post" action={`${base}/webhooks`}>
          <CsrfField view={view} />
          <label for="webhook-url">{t('url')}</label>
          <input id="webhook-url" name="url" type="url" size={50} required placeholder="https://" />
          <fieldset>
            <legend>{t('events')}</legend>
            {webhookEvents.map((event) => (
              <label>
                <input type="checkbox" name="events" value={event} checked /> {event}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t('addWebhook')}</button>
        </form>
      </section>
      {view.principal?.siteId === null ? (
        <p>
          <a href={`/newsroom/sites/${enc(site.id)}/delete`}>{t('deleteSite')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

function FieldErrorList({ errors }: { errors?: Record<string, string> | undefined }) {
  if (!errors) return null;
  return (
    <ul class="errors" role="alert">
      {Object.entries(errors).map(([field, message]) => (
        <li>
          <strong>{field}</strong>: {message}
        </li>
      ))}
    </ul>
  );
}
