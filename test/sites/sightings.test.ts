import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { flushSightings, PAGES_KEPT, REFUSALS_KEPT } from '../../src/sites/sightings';
import { readerToken, testApp } from '../helpers/app';
import { createSite } from '../helpers/factories';
import { keyHeader } from '../helpers/newsroom';

let clock = Date.UTC(2026, 11, 1, 3, 0, 0);
const { db, call } = await testApp({ now: () => clock, config: { publicUrl: 'https://tanggap.example/' } });
const site = await createSite(db, { origins: ['https://www.kabar.example'] });
const admin = await keyHeader(db, site.id, 'admin');
const settings = async () => (await call('GET', `/v1/newsroom/sites/${site.id}/settings`, undefined, admin)).body;
const sightingRows = async () => (await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM site_sightings WHERE site_id = ${site.id}`))[0]!.n;
const poll = (origin: string, url?: string, article = 'a-1') =>
  call('GET', `/v1/sites/${site.id}/articles/${article}/poll${url ? `?url=${encodeURIComponent(url)}` : ''}`, undefined, { origin });

describe('"Terakhir terlihat" in the settings view', () => {
  it('shows the origin and path (never the query) of pages where the widget loaded, newest first', async () => {
    expect((await poll('https://www.kabar.example', 'https://www.kabar.example/ekonomi/berita-1?utm_source=x&token=secret#top')).status).toBe(200);
    clock += 60_000;
    expect((await poll('https://www.kabar.example', 'https://www.kabar.example/olahraga/berita-2', 'a-2')).status).toBe(200);
    const { lastSeen } = await settings();
    expect(lastSeen.pages).toEqual([
      { origin: 'https://www.kabar.example', path: '/olahraga/berita-2', lastSeenAt: clock },
      { origin: 'https://www.kabar.example', path: '/ekonomi/berita-1', lastSeenAt: clock - 60_000 },
    ]);
    expect(JSON.stringify(await db.all(sql`SELECT * FROM site_sightings`))).not.toMatch(/utm_source|secret|203\.0\.113|vitest/);
  });

  it('a read makes no database write of its own: sightings wait in memory until a flush', async () => {
    const before = await sightingRows();
    for (let i = 0; i < 20; i++) expect((await poll('https://www.kabar.example', `https://www.kabar.example/x/${i}`)).status).toBe(200);
    expect(await sightingRows()).toBe(before);
    await flushSightings(db);
    expect(await sightingRows()).toBe(PAGES_KEPT);
  });

  it('refuses a foreign origin clearly, and counts it per origin with the last time', async () => {
    const evil = 'https://kabar-mirror.example';
    const read = await poll(evil, `${evil}/ekonomi/berita-1`);
    expect(read.status).toBe(403);
    expect(read.headers.get('access-control-allow-origin')).toBe(evil);
    const vote = await call('PUT', `/v1/sites/${site.id}/articles/a-1/vote`, { reader: readerToken(), reaction: 'a' }, { origin: evil });
    expect(vote.status).toBe(403);
    expect(vote.body.error).toMatchObject({ code: 'origin_not_allowed' });
    expect(vote.body.error.message).toContain(evil);
    const preflight = await call('OPTIONS', `/v1/sites/${site.id}/articles/a-1/vote`, undefined, { origin: evil, 'access-control-request-method': 'PUT' });
    expect(preflight.status).toBe(403);
    clock += 1_000;
    // The same refused read twice: neither is answered from the replay cache, both are counted.
    expect((await poll(evil)).status).toBe(403);
    expect((await poll(evil)).status).toBe(403);
    expect((await poll('http://localhost:3000')).status).toBe(403);
    const { lastSeen } = await settings();
    expect(lastSeen.refusals).toEqual([
      { origin: 'http://localhost:3000', count: 1, lastSeenAt: clock },
      { origin: evil, count: 5, lastSeenAt: clock },
    ]);
    expect(lastSeen.pages.some((page: { origin: string }) => page.origin === evil)).toBe(false);
  });

  it('stays bounded however many foreign origins and pages a client invents', async () => {
    for (let i = 0; i < 300; i++) {
      await poll(`https://spam-${i}.example`);
      await poll('https://www.kabar.example', `https://www.kabar.example/${'p'.repeat(2000)}/${i}`);
    }
    await flushSightings(db);
    const { lastSeen } = await settings();
    expect(lastSeen.pages.length).toBeLessThanOrEqual(PAGES_KEPT);
    expect(lastSeen.pages.every((page: { path: string }) => page.path.length <= 300)).toBe(true);
    expect(lastSeen.refusals.length).toBeLessThanOrEqual(REFUSALS_KEPT);
    expect(await sightingRows()).toBeLessThanOrEqual(PAGES_KEPT + REFUSALS_KEPT);
  });
});

describe('installation help in the settings view', () => {
  it('gives the exact tags to paste, with the site id and the public URL', async () => {
    const { install } = await settings();
    expect(install.script).toBe(`<script async src="https://tanggap.example/widget.js" data-site="${site.id}" data-article="ARTICLE-ID"></script>`);
    expect(install.iframe).toContain(`src="https://tanggap.example/embed/${site.id}/ARTICLE-ID?parent=https%3A%2F%2Fwww.kabar.example"`);
    expect(install.iframe).toContain("event.origin !== 'https://tanggap.example'");
    expect(install.amp).toContain(`<amp-iframe`);
    expect(install.amp).toContain(`src="https://tanggap.example/embed/${site.id}/ARTICLE-ID"`);
    expect(install.noscript).toContain(`<noscript>`);
    expect(install.noscript).toContain(`https://tanggap.example/v1/sites/${site.id}/articles/ARTICLE-ID/fragment?lang=id`);
  });

  it('uses the request origin when no public URL is configured, and only for site admins', async () => {
    const local = await testApp({ db });
    const answer = await local.call('GET', `http://127.0.0.1:9150/v1/newsroom/sites/${site.id}/settings`, undefined, admin);
    expect(answer.body.install.script).toContain('src="http://127.0.0.1:9150/widget.js"');
    expect((await call('GET', `/v1/newsroom/sites/${site.id}/settings`, undefined, await keyHeader(db, site.id, 'moderator'))).status).toBe(403);
  });
});

describe('the /embed iframe', () => {
  it('notes its parent page, since its own API calls come from this host', async () => {
    const page = await call('GET', `/embed/${site.id}/a-9?parent=${encodeURIComponent('https://www.kabar.example')}&url=${encodeURIComponent('https://www.kabar.example/amp/berita-9?amp=1')}`);
    expect(page.status).toBe(200);
    clock += 1;
    expect((await settings()).lastSeen.pages).toContainEqual({ origin: 'https://www.kabar.example', path: '/amp/berita-9', lastSeenAt: clock - 1 });
  });
});
