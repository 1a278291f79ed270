import { type Context, Hono } from 'hono';
import { requestTime } from '../../http/context';
import { publish } from '../../http/events';
import { listComments } from '../../comments/listing';
import { MAX_PAGE_SIZE } from '../../comments/schemas';
import { AppError } from '../../lib/errors';
import type { NewsroomEnv } from '../access/middleware';
import { commentDetail } from '../comments/service';
import { commentParamsSchema } from '../schemas';
import { pickComment, unpickComment } from '../picks/service';
import { moderationFields, parseOrRefuse, readForm } from './forms';
import type { View } from './layout';
import { CommentPage } from './pages/comment';
import { PicksPage } from './pages/picks';
import { flash, sitePage } from './view';

/** The article's published comments as readers see them, one page, picks first. */
async function picksPage(c: Context<NewsroomEnv>, view: View, siteId: string, options: { flash?: string | undefined; refused?: string | undefined; status?: 200 | 409 }) {
  const { db, config } = c.var.deps;
  const list = await listComments({ db, secret: config.secret, siteId, externalId: c.req.param('article')!, sort: 'newest', limit: MAX_PAGE_SIZE, readerToken: null, now: requestTime(c) });
  return c.html(<PicksPage view={view} list={list} flash={options.flash} refused={options.refused} />, options.status ?? 200);
}

/** The dashboard's editor's picks (an article's published comments with pick and unpick buttons) and one comment's details. */
export function pickPages() {
  const app = new Hono<NewsroomEnv>();

  app.get('/sites/:site/articles/:article/comments', async (c) => {
    const { view, site } = await sitePage(c, 'moderator');
    return picksPage(c, view, site.id, { flash: flash(c, view) });
  });

  app.post('/sites/:site/articles/:article/comments', async (c) => {
    const { view, site, principal } = await sitePage(c, 'moderator');
    const { verb, ids } = moderationFields(await readForm(c));
    const commentId = ids[0];
    if (commentId === undefined || (verb !== 'pick' && verb !== 'unpick')) return c.redirect(c.req.path, 303);
    const change = verb === 'pick' ? pickComment : unpickComment;
    try {
      await publish(c, (await change({ db: c.var.deps.db, siteId: site.id, principal, commentId, now: requestTime(c) })).events);
    } catch (error) {
      if (error instanceof AppError && error.status === 409) return picksPage(c, view, site.id, { refused: error.localized[view.locale], status: 409 });
      throw error;
    }
    return c.redirect(`${c.req.path}?done=${verb}`, 303);
  });

  app.get('/sites/:site/comments/:id', async (c) => {
    const { view, site } = await sitePage(c, 'moderator');
    const { id } = parseOrRefuse(commentParamsSchema, { site: site.id, id: c.req.param('id') }, 'id');
    return c.html(<CommentPage view={view} comment={await commentDetail({ db: c.var.deps.db, site, commentId: id, now: requestTime(c) })} />);
  });

  return app;
}
