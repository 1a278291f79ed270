import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';
import { bannedSample, disguiseCorpus, ordinaryComments, suspectSample } from '../fixtures/disguises';

let t: TestApp;
let posts: string;
let commentPath: (id: number) => string;

beforeAll(async () => {
  t = await testApp();
  const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0, commentsPerDay: 100_000, commentsPerAddressPerDay: 100_000 } });
  const article = await createArticle(t.db, site.id);
  posts = `/v1/sites/${site.id}/articles/${article.externalId}/comments`;
  commentPath = (id) => `/v1/sites/${site.id}/comments/${id}`;
});

/** Sends each item and counts how many answers `caught` accepts; prints the measured rate. */
async function measure<T>(label: string, corpus: T[], send: (item: T) => Promise<boolean>) {
  let caught = 0;
  const missed: T[] = [];
  for (const item of corpus) {
    if (await send(item)) caught += 1;
    else missed.push(item);
  }
  console.log(`${label}: ${caught} of ${corpus.length} (${((caught / corpus.length) * 100).toFixed(1)} %)`);
  return { rate: caught / corpus.length, missed };
}

const post = (body: Record<string, unknown>) => t.call('POST', posts, { name: 'Budi', reader: readerToken(), ...body });

describe('disguised words through the comment routes', () => {
  const banned = disguiseCorpus(bannedSample);

  it('refuses at least 95 % of disguised banned words in a body, naming the body', async () => {
    const { rate, missed } = await measure('body: disguised banned words refused', banned, async ({ text }) => {
      const answer = await post({ body: text });
      return answer.status === 422 && answer.body.error.details[0].path === 'body';
    });
    expect(rate).toBeGreaterThanOrEqual(0.95);
    const stored = await t.db.all<{ body: string }>(sql`SELECT body FROM comments ORDER BY id`);
    expect(stored.map(({ body }) => body)).toEqual(missed.map(({ text }) => text));
  });

  it('refuses at least 95 % of disguised banned words in a display name', async () => {
    // A name may not hold direction controls at all (400 at the door), so that disguise is left out.
    const names = banned.filter(({ category }) => category !== 'right-to-left override');
    const { rate } = await measure('name: disguised banned words refused', names, async ({ disguised }) => {
      const answer = await post({ name: disguised, body: 'Artikel yang bagus.' });
      return answer.status === 422 && answer.body.error.details[0].path === 'name';
    });
    expect(rate).toBeGreaterThanOrEqual(0.95);
    expect((await post({ name: '\u202Etasgnab', body: 'halo' })).status).toBe(400);
  });

  it('refuses at least 95 % of disguised banned words in an edit, leaving the comment as it was', async () => {
    const { rate } = await measure('edit: disguised banned words refused', banned, async ({ text }) => {
      const posted = await post({ body: 'Artikel yang bagus.' });
      const answer = await t.call('PATCH', commentPath(posted.body.comment.id), { editToken: posted.body.editToken, body: text });
      const [row] = await t.db.all<{ body: string }>(sql`SELECT body FROM comments WHERE id = ${posted.body.comment.id}`);
      return answer.status === 422 && row!.body === 'Artikel yang bagus.';
    });
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });

  it('holds at least 95 % of disguised suspect words for review', async () => {
    const { rate } = await measure('body: disguised suspect words held', disguiseCorpus(suspectSample), async ({ text }) => {
      const answer = await post({ body: text });
      return answer.status === 201 && answer.body.comment.pending === true;
    });
    expect(rate).toBeGreaterThanOrEqual(0.95);
    const reasons = await t.db.all<{ held_reason: string }>(sql`SELECT DISTINCT held_reason FROM comments WHERE status = 'pending'`);
    expect(reasons).toEqual([{ held_reason: 'suspect-word' }]);
  });

  it('holds (or refuses as a name) at least 95 % of disguised suspect words used as the name, the body harmless', async () => {
    // A name is one line of at most 40 characters: longer or bidi-reversed ones are refused (400), which stops them too.
    const { rate } = await measure('name: disguised suspect words held or refused', disguiseCorpus(suspectSample), async ({ text }) => {
      const answer = await post({ name: text, body: 'Artikel yang bagus.' });
      return answer.status === 400 || (answer.status === 201 && answer.body.comment.pending === true);
    });
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });

  it("compiles a site's own lists into the same matcher: its banned words refused, its suspect words held", async () => {
    const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0, commentsPerDay: 100_000, commentsPerAddressPerDay: 100_000, bannedWords: ['penipu'], suspectWords: ['tambang'] } });
    const article = await createArticle(t.db, site.id);
    const sitePosts = `/v1/sites/${site.id}/articles/${article.externalId}/comments`;
    const send = (body: string) => t.call('POST', sitePosts, { name: 'Budi', reader: readerToken(), body });
    const refused = await measure('site list: disguised banned words refused', disguiseCorpus(['penipu']), async ({ text }) => (await send(text)).status === 422);
    const held = await measure('site list: disguised suspect words held', disguiseCorpus(['tambang']), async ({ text }) => (await send(text)).body.comment?.pending === true);
    expect(refused.rate).toBeGreaterThanOrEqual(0.95);
    expect(held.rate).toBeGreaterThanOrEqual(0.95);
    const plain = await send('Dasar bangsat, tapi tambangnya jauh.');
    expect(plain.status).toBe(201);
    expect(plain.body.comment.pending).toBe(true);
  });

  it('publishes every ordinary comment at once', async () => {
    const { rate, missed } = await measure('body: ordinary comments held or refused', ordinaryComments, async (body) => {
      const answer = await post({ body });
      return !(answer.status === 201 && answer.body.comment.pending === false);
    });
    expect(missed).toHaveLength(ordinaryComments.length);
    expect(rate).toBe(0);
  });
});
