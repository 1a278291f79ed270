import type { CommentDetail } from '../../comments/service';
import { formatTime, Layout, type View } from '../layout';
import { AuthorName } from './picks';

const enc = encodeURIComponent;

/** One comment in detail for its moderators: status, hold, verified author, pick, mute. */
export function CommentPage({ view, comment }: { view: View; comment: CommentDetail }) {
  const { t } = view;
  const site = `/newsroom/sites/${enc(view.site!.id)}`;
  return (
    <Layout view={view} title={`#${comment.id}`} current="moderation">
      <p>
        <a href={`${site}/moderation`}>← {t('moderation')}</a>
      </p>
      <h1>#{comment.id}</h1>
      <article class="queue-item panel" data-comment-id={String(comment.id)}>
        <div class="actions">
          {comment.pickedAt !== null ? <mark>{t('picked')}</mark> : null}
          <AuthorName view={view} name={comment.authorName} verified={comment.verified} />
          <span class="muted small">
            {formatTime(view, comment.createdAt)} · <a href={`${site}/articles/${enc(comment.article.id)}/comments`}>{comment.article.title ?? comment.article.id}</a>
          </span>
        </div>
        <p class="body">{comment.body}</p>
        <p class="muted small">
          {comment.status}
          {comment.heldReason ? ` · ${t('heldBecause')}: ${comment.heldReason}` : null}
          {comment.reportCount > 0 ? ` · ${comment.reportCount} ${t('reports')}` : null}
          {` · ${comment.trust === 'tepercaya' ? t('trustTepercaya') : t('trustBaru')}`}
          {comment.authorMutedUntil !== null ? ` · ${t('mutedUntil')} ${formatTime(view, comment.authorMutedUntil)}` : null}
        </p>
      </article>
    </Layout>
  );
}
