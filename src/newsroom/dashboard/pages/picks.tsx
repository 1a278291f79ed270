import type { CommentList } from '../../../comments/rows';
import { CsrfField, Layout, Notices, type View } from '../layout';

const enc = encodeURIComponent;

/** An author's name with the verified mark of a comment signed in through the site's accounts (SSO). */
export function AuthorName({ view, name, verified }: { view: View; name: string; verified: boolean }) {
  return (
    <>
      <strong>{name}</strong>
      {verified ? (
        <span class="muted small" data-testid="verified" title={view.t('verified')}>
          {' '}
          ✓ {view.t('verified')}
        </span>
      ) : null}
    </>
  );
}

/**
 * An article's published comments as readers see them (its picks first), each with the button
 * that makes it an editor's pick or takes it off; a refused pick (the limit) shows as an error.
 */
export function PicksPage({ view, list, flash, refused }: { view: View; list: CommentList; flash?: string | undefined; refused?: string | undefined }) {
  const { t } = view;
  const path = `/newsroom/sites/${enc(view.site!.id)}/articles/${enc(list.article.id)}`;
  return (
    <Layout view={view} title={t('articleComments')} current="moderation">
      <p>
        <a href={path}>← {list.article.id}</a>
      </p>
      <h1>{t('articleComments')}</h1>
      <Notices view={view} flash={flash} errors={refused ? { [t('picks')]: refused } : undefined} />
      <p class="muted small">{t('picksHelp')}</p>
      {list.comments.length === 0 ? (
        <p class="panel">{t('noPublished')}</p>
      ) : (
        <form method="post" action={`${path}/comments`} data-testid="picks">
          <CsrfField view={view} />
          {list.comments.map((comment) => (
            <article class="queue-item" data-comment-id={String(comment.id)} data-picked={comment.picked ? '' : undefined}>
              <div class="actions">
                {comment.picked ? <mark>{t('picked')}</mark> : null}
                <AuthorName view={view} name={comment.authorName} verified={comment.verified} />
                <a class="muted small" href={`/newsroom/sites/${enc(view.site!.id)}/comments/${comment.id}`}>
                  #{comment.id}
                </a>
              </div>
              <p class="body">{comment.body}</p>
              <div class="actions">
                <button type="submit" name="act" value={`${comment.picked ? 'unpick' : 'pick'}:${comment.id}`}>
                  {comment.picked ? t('unpick') : t('pick')}
                </button>
              </div>
            </article>
          ))}
        </form>
      )}
    </Layout>
  );
}
