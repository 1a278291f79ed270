import type { KeySummary } from '../../access/service';
import type { SiteSettingsDetail } from '../../settings/service';
import type { DeliveryView, WebhookView } from '../../webhooks/service';
import { webhookEvents } from '../../webhooks/schemas';
import { CsrfField, FieldError, LocaleAndZoneFields, formatTime, Layout, Notices, type View } from '../layout';
import { InstallPanels } from '../install-panels';
import { ReaderIdentityPanel } from '../identity-panel';

const enc = encodeURIComponent;

export type SettingsPageData = {
  settings: SiteSettingsDetail;
  keys: KeySummary[];
  webhooks: (WebhookView & { deliveries: DeliveryView[] })[];
  /** How often each limit refused requests, per day (src/ratelimit `limitStats`). */
  fired: { policy: string; day: string; count: number }[];
  flash?: string | undefined;
  /** Field errors of the form that was just sent, by form name then field path. */
  errors?: { form: string; fields: Record<string, string> } | undefined;
  /** A just-created key, webhook secret or SSO secret, shown once. */
  secret?: { kind: 'key' | 'webhook' | 'sso'; value: string } | undefined;
};

/** A site's settings, install help, reactions, API keys and webhooks, each its own form. */
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
          {t(({ key: 'newKeyOnce', webhook: 'newSecretOnce', sso: 'newSsoSecretOnce' } as const)[data.secret.kind])}
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
            <NumberField name="reportThreshold" label={t('reportThreshold')} value={s.reportThreshold} errors={general} />
            <NumberField name="complaintDeadlineHours" label={t('complaintDeadlineHours')} value={s.complaintDeadlineHours} min={1} max={720} errors={general} />
            <NumberField name="editWindowMinutes" label={t('editWindow')} value={s.editWindowMinutes} errors={general} />
            <NumberField name="trustAfterApprovedComments" label={t('trustAfterApprovedComments')} value={s.trustAfterApprovedComments} min={1} max={1000} errors={general} />
            <NumberField name="closeCommentsAfterDays" label={t('closeCommentsAfterDays')} value={s.closeCommentsAfterDays} min={0} max={3650} errors={general} />
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
            <NumberField name="votesPerNetworkPerDay" label={t('votesPerNetwork')} value={s.votesPerNetworkPerDay} errors={general} />
            <NumberField name="commentIntervalSeconds" label={t('commentInterval')} value={s.commentIntervalSeconds} errors={general} />
            <NumberField name="commentsPerDay" label={t('commentsPerDay')} value={s.commentsPerDay} errors={general} />
          </fieldset>
          <fieldset>
            <legend>{t('limits')}</legend>
            <NumberField name="votesPerAddressPerDay" label={t('votesPerAddress')} value={s.votesPerAddressPerDay} errors={general} />
            <NumberField name="commentsPerAddressPerDay" label={t('commentsPerAddress')} value={s.commentsPerAddressPerDay} errors={general} />
            <NumberField name="likesPerAddressPerDay" label={t('likesPerAddress')} value={s.likesPerAddressPerDay} errors={general} />
            <NumberField name="reportsPerNetworkPerDay" label={t('reportsPerNetwork')} value={s.reportsPerNetworkPerDay} errors={general} />
            <NumberField name="hardCeilingFactor" label={t('hardCeilingFactor')} value={s.hardCeilingFactor} errors={general} />
            <p class="muted small" data-testid="limits-fired">
              {t('limitsFired')}:{' '}
              {data.fired.length === 0 ? t('limitsNeverFired') : data.fired.map((row) => `${row.day} ${row.policy} ${row.count}×`).join(' · ')}
            </p>
          </fieldset>
          <fieldset>
            <legend>{t('retention')}</legend>
            <NumberField name="heldCommentRetentionDays" label={t('heldCommentRetentionDays')} value={s.heldCommentRetentionDays} min={1} max={3650} errors={general} />
            <NumberField name="rejectedCommentRetentionDays" label={t('rejectedCommentRetentionDays')} value={s.rejectedCommentRetentionDays} min={1} max={3650} errors={general} />
            <NumberField name="networkKeyRetentionDays" label={t('networkKeyRetentionDays')} value={s.networkKeyRetentionDays} min={1} max={30} errors={general} />
          </fieldset>
          <button class="primary" type="submit">
            {t('save')}
          </button>
        </form>
      </section>
      <ReaderIdentityPanel view={view} site={site} base={base} errors={data.errors} />
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

/** A numeric site setting: its label, the input, and the API's refusal for `settings.<name>` if any. */
function NumberField({ name, label, value, min, max, errors }: { name: string; label: string; value: number; min?: number; max?: number; errors?: Record<string, string> | undefined }) {
  return (
    <>
      <label for={name}>{label}</label>
      <input id={name} name={name} type="number" min={min} max={max} value={String(value)} />
      <FieldError errors={errors} field={`settings.${name}`} />
    </>
  );
}
