import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { reactionSets } from '../../src/sites/reaction-sets';
import { readerToken, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';
import { invariantViolations } from '../helpers/invariants';
import { commentAt, keyHeader } from '../helpers/newsroom';
import { isErrorEnvelope, naughty } from '../helpers/openapi-fuzz';

const ADMIN_KEY = 'sites-test-instance-admin-key-0123456789';
const { db, call } = await testApp({ config: { adminKey: ADMIN_KEY } });
const instance = { authorization: `Bearer ${ADMIN_KEY}` };
const existing = await createSite(db, { origins: ['https://existing.example'] });

const rowCount = async (table: string, siteId: string) =>
  (await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.identifier(table)} WHERE site_id = ${siteId}`))[0]!.n;

describe('POST /v1/newsroom/sites', () => {
  it('creates a site with the defaults: language id, Asia/Jakarta, the 8 Indonesian reactions', async () => {
    const created = await call('POST', '/v1/newsroom/sites', { id: 'kabar', name: ' Kabar Kita ', origins: ['https://WWW.KabarKita.id/', 'https://www.kabarkita.id:443'] }, instance);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'kabar', name: 'Kabar Kita', origins: ['https://www.kabarkita.id'], defaultLocale: 'id', timeZone: 'Asia/Jakarta' });
    expect(created.body.reactions.map((r: any) => [r.key, r.labels.id, r.emoji, r.position, r.active])).toEqual(
      reactionSets['indonesian-8'].map((r, position) => [r.key, r.labels.id, r.emoji, position, true]),
    );
    expect(created.body.createdAt).toBeGreaterThan(0);
    const poll = await call('GET', '/v1/sites/kabar/articles/a-1/poll', undefined, { origin: 'https://www.kabarkita.id' });
    expect(poll.status).toBe(200);
    expect(poll.headers.get('access-control-allow-origin')).toBe('https://www.kabarkita.id');
    expect(poll.body.reactions.map((r: any) => r.label)).toEqual(['Senang', 'Terhibur', 'Terinspirasi', 'Tidak peduli', 'Terganggu', 'Sedih', 'Cemas', 'Marah']);
  });

  it('takes the 4-reaction seed set, a custom set, a language and a time zone', async () => {
    const seed = await call('POST', '/v1/newsroom/sites', { id: 'seed', name: 'Seed', origins: ['https://seed.example'], reactionSet: 'seed-4', defaultLocale: 'en', timeZone: 'Asia/Makassar' }, instance);
    expect(seed.status).toBe(201);
    expect(seed.body).toMatchObject({ defaultLocale: 'en', timeZone: 'Asia/Makassar' });
    expect(seed.body.reactions.map((r: any) => r.key)).toEqual(['happy', 'inspire', 'confuse', 'sad']);
    const custom = await call(
      'POST',
      '/v1/newsroom/sites',
      {
        id: 'custom-1',
        name: 'Custom',
        origins: ['https://*.custom.example', 'http://localhost:*'],
        reactionSet: 'custom',
        reactions: [
          { key: 'setuju', labels: { id: 'Setuju', en: 'Agree' }, emoji: '👍' },
          { key: 'tidak-setuju', labels: { id: 'Tidak setuju', en: 'Disagree' }, emoji: '👎' },
        ],
      },
      instance,
    );
    expect(custom.status).toBe(201);
    expect(custom.body.origins).toEqual(['https://*.custom.example', 'http://localhost:*']);
    expect(custom.body.reactions.map((r: any) => [r.key, r.labels.en])).toEqual([
      ['setuju', 'Agree'],
      ['tidak-setuju', 'Disagree'],
    ]);
  });

  it('answers 409 for an id already taken and leaves that site as it was', async () => {
    const before = await call('GET', `/v1/newsroom/sites/${existing.id}`, undefined, instance);
    const again = await call('POST', '/v1/newsroom/sites', { id: existing.id, name: 'Impostor', origins: ['https://evil.example'], reactionSet: 'seed-4' }, instance);
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual([{ path: 'id', message: 'already used by another site' }]);
    expect((await call('GET', `/v1/newsroom/sites/${existing.id}`, undefined, instance)).body).toEqual(before.body);
    expect((await call('POST', '/v1/newsroom/sites', { id: 'demo', name: 'Demo again', origins: ['https://x.example'] }, instance)).status).toBe(409);
  });

  it('refuses each bad field with a 400 naming it, and creates nothing', async () => {
    const good = { id: 'valid-id', name: 'Valid', origins: ['https://valid.example'] };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, id: 'Kabar' }, 'id'],
      [{ ...good, id: '-kabar' }, 'id'],
      [{ ...good, id: 'kabar-' }, 'id'],
      [{ ...good, id: 'a'.repeat(64) }, 'id'],
      [{ ...good, id: 'ka bar' }, 'id'],
      [{ ...good, id: 7 }, 'id'],
      [{ ...good, name: '   ' }, 'name'],
      [{ ...good, name: 'x'.repeat(101) }, 'name'],
      [{ ...good, name: 'bell\u0007' }, 'name'],
      [{ ...good, origins: [] }, 'origins'],
      [{ ...good, origins: 'https://valid.example' }, 'origins'],
      [{ ...good, origins: ['https://valid.example/path'] }, 'origins.0'],
      [{ ...good, origins: ['javascript:alert(1)'] }, 'origins.0'],
      [{ ...good, origins: ['ftp://valid.example'] }, 'origins.0'],
      [{ ...good, origins: ['https://valid.example:99999'] }, 'origins.0'],
      [{ ...good, origins: Array.from({ length: 51 }, (_, i) => `https://o${i}.example`) }, 'origins'],
      [{ ...good, defaultLocale: 'fr' }, 'defaultLocale'],
      [{ ...good, timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ ...good, reactionSet: 'emoji-100' }, 'reactionSet'],
      [{ ...good, reactionSet: 'custom' }, 'reactions'],
      [{ ...good, reactions: [{ key: 'a', labels: { id: 'A', en: 'A' }, emoji: '🙂' }] }, 'reactions'],
      [{ ...good, reactionSet: 'custom', reactions: [{ key: 'a', labels: { id: 'A', en: 'A' }, emoji: '🙂' }, { key: 'a', labels: { id: 'B', en: 'B' }, emoji: '🙂' }] }, 'reactions'],
      [{ ...good, reactionSet: 'custom', reactions: [{ key: 'Bad Key', labels: { id: 'A', en: 'A' }, emoji: '🙂' }] }, 'reactions.0.key'],
      [{ ...good, reactionSet: 'custom', reactions: [{ key: 'a', labels: { id: '', en: 'A' }, emoji: '🙂' }] }, 'reactions.0.labels.id'],
      [{ ...good, reactionSet: 'custom', reactions: Array.from({ length: 13 }, (_, i) => ({ key: `r${i}`, labels: { id: 'A', en: 'A' }, emoji: '🙂' })) }, 'reactions'],
      [{ ...good, settings: {} }, 'settings'],
      [{ name: 'No id', origins: ['https://valid.example'] }, 'id'],
    ];
    const wrong: string[] = [];
    for (const [body, field] of cases) {
      const answer = await call('POST', '/v1/newsroom/sites', body, instance);
      const paths = (answer.body?.error?.details ?? []).map((detail: { path: string }) => detail.path);
      if (answer.status !== 400 || !paths.includes(field)) wrong.push(`${JSON.stringify(body).slice(0, 120)} → ${answer.status} ${paths.join(',')}`);
    }
    expect(wrong).toEqual([]);
    expect((await call('GET', '/v1/newsroom/sites/valid-id', undefined, instance)).status).toBe(404);
  });

  it('is for the instance admin only: site admins, moderators and viewers get 403', async () => {
    for (const role of ['admin', 'moderator', 'viewer'] as const) {
      const answer = await call('POST', '/v1/newsroom/sites', { id: `by-${role}`, name: 'Nope', origins: ['https://nope.example'] }, await keyHeader(db, existing.id, role));
      expect(answer.status, role).toBe(403);
    }
    expect((await call('POST', '/v1/newsroom/sites', { id: 'anon', name: 'Nope', origins: ['https://nope.example'] })).status).toBe(401);
    expect((await call('GET', '/v1/newsroom/sites/by-admin', undefined, instance)).status).toBe(404);
  });

  it("refuses a create through the instance admin's dashboard session without its CSRF token", async () => {
    const session = await call('POST', '/v1/newsroom/session', { key: ADMIN_KEY });
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const body = { id: 'via-session', name: 'Session', origins: ['https://session.example'] };
    const forged = await call('POST', '/v1/newsroom/sites', body, { cookie });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_failed');
    expect((await call('GET', '/v1/newsroom/sites/via-session', undefined, instance)).status).toBe(404);
    expect((await call('POST', '/v1/newsroom/sites', body, { cookie, 'x-csrf-token': session.body.csrfToken })).status).toBe(201);
  });
});

describe('GET /v1/newsroom/sites', () => {
  it('lists every site for the instance admin and only its own for a site key', async () => {
    const all = await call('GET', '/v1/newsroom/sites', undefined, instance);
    expect(all.status).toBe(200);
    const ids = all.body.sites.map((site: any) => site.id);
    expect(ids).toEqual(expect.arrayContaining(['demo', 'contoh', 'kabar', existing.id]));
    expect([...ids].sort()).toEqual(ids);
    const own = await call('GET', '/v1/newsroom/sites', undefined, await keyHeader(db, existing.id, 'viewer'));
    expect(own.body.sites).toEqual([expect.objectContaining({ id: existing.id, origins: ['https://existing.example'] })]);
    expect((await call('GET', '/v1/newsroom/sites')).status).toBe(401);
  });
});

describe('GET /v1/newsroom/sites/{site}', () => {
  it('describes a site with what it holds, to any role of that site', async () => {
    const site = await createSite(db);
    const article = await createArticle(db, site.id);
    await commentAt(db, article.id);
    await commentAt(db, article.id, { status: 'pending' });
    const viewer = await keyHeader(db, site.id, 'viewer');
    const answer = await call('GET', `/v1/newsroom/sites/${site.id}`, undefined, viewer);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: site.id, reactions: [{ key: 'a' }, { key: 'b' }, { key: 'c' }], holds: { articles: 1, votes: 0, comments: 2, keys: 1 } });
    expect((await call('GET', `/v1/newsroom/sites/${existing.id}`, undefined, viewer)).status).toBe(403);
    expect((await call('GET', '/v1/newsroom/sites/no-such-site', undefined, instance)).status).toBe(404);
    expect((await call('GET', '/v1/newsroom/sites/NOT_A_SLUG', undefined, instance)).status).toBe(400);
  });
});

describe('PATCH /v1/newsroom/sites/{site}', () => {
  it("lets the site's admin change name, origins, language and time zone, and the change takes effect at once", async () => {
    const site = await createSite(db, { origins: ['https://old.example'] });
    const admin = await keyHeader(db, site.id, 'admin');
    const answer = await call('PATCH', `/v1/newsroom/sites/${site.id}`, { name: 'Baru', origins: ['https://New.example/'], defaultLocale: 'en', timeZone: 'Asia/Jayapura' }, admin);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ name: 'Baru', origins: ['https://new.example'], defaultLocale: 'en', timeZone: 'Asia/Jayapura' });
    const from = (origin: string) => call('PUT', `/v1/sites/${site.id}/articles/x/vote`, { reader: readerToken(), reaction: 'a' }, { origin });
    expect((await from('https://new.example')).status).toBe(200);
    expect((await from('https://old.example')).status).toBe(403);
  });

  it('refuses bad fields, unknown fields, an empty patch, lower roles and other sites', async () => {
    const site = await createSite(db);
    const admin = await keyHeader(db, site.id, 'admin');
    for (const [body, field] of [
      [{ origins: ['not an origin'] }, 'origins.0'],
      [{ name: '' }, 'name'],
      [{ timeZone: 'Nowhere/Land' }, 'timeZone'],
      [{ defaultLocale: 'xx' }, 'defaultLocale'],
      [{ id: 'renamed' }, 'id'],
    ] as const) {
      const answer = await call('PATCH', `/v1/newsroom/sites/${site.id}`, body, admin);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.details.map((d: any) => d.path)).toContain(field);
    }
    expect((await call('PATCH', `/v1/newsroom/sites/${site.id}`, {}, admin)).status).toBe(400);
    expect((await call('PATCH', `/v1/newsroom/sites/${site.id}`, { name: 'x' }, await keyHeader(db, site.id, 'moderator'))).status).toBe(403);
    expect((await call('PATCH', `/v1/newsroom/sites/${existing.id}`, { name: 'x' }, admin)).status).toBe(403);
    expect((await call('GET', `/v1/newsroom/sites/${site.id}`, undefined, admin)).body.name).toBe('Test Site');
    expect((await call('PATCH', `/v1/newsroom/sites/${site.id}`, { name: 'By the instance' }, instance)).body.name).toBe('By the instance');
  });
});

describe('DELETE /v1/newsroom/sites/{site}', () => {
  it('asks for the id again and says what would be lost; a wrong or missing confirmation deletes nothing', async () => {
    const site = await createSite(db);
    const article = await createArticle(db, site.id);
    await commentAt(db, article.id);
    const wrong = await call('DELETE', `/v1/newsroom/sites/${site.id}`, { confirm: 'something-else' }, instance);
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details).toEqual([{ path: 'confirm', message: `must repeat the site id "${site.id}"` }]);
    expect(wrong.body.error.message).toContain('1 artikel, 0 suara, 1 komentar dan 0 kunci API');
    const english = await call('DELETE', `/v1/newsroom/sites/${site.id}?lang=en`, { confirm: site.id.toUpperCase() }, instance);
    expect(english.status).toBe(422);
    expect(english.body.error.message).toContain('1 articles, 0 votes, 1 comments and 0 API keys');
    const missing = await call('DELETE', `/v1/newsroom/sites/${site.id}`, {}, instance);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: any) => d.path)).toEqual(['confirm']);
    expect((await call('GET', `/v1/newsroom/sites/${site.id}`, undefined, instance)).body.holds).toEqual({ articles: 1, votes: 0, comments: 1, keys: 0 });
  });

  it('deletes the site and everything under it; its keys stop working at once', async () => {
    const site = await createSite(db, { origins: ['https://gone.example'] });
    const siteAdmin = await keyHeader(db, site.id, 'admin');
    expect((await call('GET', `/v1/newsroom/sites/${site.id}`, undefined, siteAdmin)).status).toBe(200);
    for (const reaction of ['a', 'b', 'a']) {
      expect((await call('PUT', `/v1/sites/${site.id}/articles/gone-1/vote`, { reader: readerToken(), reaction }, { origin: 'https://gone.example' })).status).toBe(200);
    }
    const article = (await db.all<{ id: number }>(sql`SELECT id FROM articles WHERE site_id = ${site.id}`))[0]!;
    await commentAt(db, article.id, { reportCount: 2 });
    const deleted = await call('DELETE', `/v1/newsroom/sites/${site.id}`, { confirm: site.id }, instance);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ deleted: site.id, removed: { articles: 1, votes: 3, comments: 1, keys: 1 } });
    expect((await call('GET', `/v1/sites/${site.id}/articles/gone-1/poll`)).status).toBe(404);
    expect((await call('GET', `/v1/newsroom/sites/${site.id}`, undefined, siteAdmin)).status).toBe(401);
    expect(await db.all(sql`SELECT id FROM sites WHERE id = ${site.id}`)).toEqual([]);
    for (const table of ['reactions', 'articles', 'api_keys', 'reaction_hourly', 'reaction_daily']) {
      expect(await rowCount(table, site.id), table).toBe(0);
    }
    expect(await db.all(sql`SELECT id FROM comments WHERE article_id = ${article.id}`)).toEqual([]);
    expect(await invariantViolations(db)).toEqual([]);
    expect((await call('DELETE', `/v1/newsroom/sites/${site.id}`, { confirm: site.id }, instance)).status).toBe(404);
  });

  it("is for the instance admin only, even with the right confirmation", async () => {
    const site = await createSite(db);
    for (const role of ['admin', 'moderator', 'viewer'] as const) {
      expect((await call('DELETE', `/v1/newsroom/sites/${site.id}`, { confirm: site.id }, await keyHeader(db, site.id, role))).status, role).toBe(403);
    }
    expect((await call('DELETE', `/v1/newsroom/sites/${site.id}`, { confirm: site.id })).status).toBe(401);
    expect((await call('GET', `/v1/newsroom/sites/${site.id}`, undefined, instance)).status).toBe(200);
  });
});

describe('naughty strings as a new site', () => {
  it('as id, name and origin: created and read back exactly (names trimmed), or refused with a 4xx', async () => {
    const strings = [...naughty.filter((_, index) => index % 3 === 0), '\uD800', 'x\u0000y', '\u0085'];
    const wrong: string[] = [];
    for (const [index, text] of strings.entries()) {
      for (const field of ['id', 'name', 'origins'] as const) {
        const body = { id: `naughty-${field}-${index}`, name: 'Naughty', origins: ['https://naughty.example'], [field]: field === 'origins' ? [text] : text };
        const answer = await call('POST', '/v1/newsroom/sites', body, instance);
        if (answer.status === 201) {
          const stored = (await call('GET', `/v1/newsroom/sites/${encodeURIComponent(body.id as string)}`, undefined, instance)).body;
          const expected = field === 'name' ? text.trim() : field === 'id' ? text : stored.origins[0];
          if ((field === 'origins' ? !/^https?:\/\/[^/\s]+$/.test(expected) : stored[field] !== expected)) wrong.push(`${field} ${JSON.stringify(text)} stored as ${JSON.stringify(stored[field])}`);
        } else if (answer.status < 400 || answer.status >= 500 || !isErrorEnvelope(answer.body)) {
          wrong.push(`${field} ${JSON.stringify(text)} → ${answer.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(await invariantViolations(db)).toEqual([]);
  }, 90_000);
});
