import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client';
import { createKey, type Role } from '../../src/newsroom/access/service';
import { appCache, articleSubject } from '../../src/lib/cache';
import { TEST_SECRET, type TestApp } from './app';

/** A real API key for a site (or the instance, with `siteId` null), as an Authorization header. */
export async function keyHeader(db: Db, siteId: string | null, role: Role): Promise<Record<string, string>> {
  const { key } = await createKey({ db, secret: TEST_SECRET, siteId, role, name: `${role} test key` });
  return { authorization: `Bearer ${key}` };
}

/**
 * Signs in to the dashboard through its login form, as a browser does, with a new key of
 * `role` for the site, and returns the session cookie and the CSRF token its forms need, read
 * from `page` (the site's home unless given).
 */
export async function dashboardSession(
  { db, app }: Pick<TestApp, 'db' | 'app'>,
  siteId: string,
  role: Role,
  page = `/newsroom/sites/${encodeURIComponent(siteId)}`,
): Promise<{ cookie: string; csrf: string }> {
  const { key } = await createKey({ db, secret: TEST_SECRET, siteId, role, name: `${role} desk` });
  const login = await app.request('/newsroom/login', { method: 'POST', body: new URLSearchParams({ key }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  if (login.status !== 303) throw new Error(`the dashboard refused a fresh ${role} key: ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const html = await (await app.request(page, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1]! };
}

/** Posts a dashboard form as a browser does: URL-encoded, a field given as a list repeated. */
export function postForm({ app }: Pick<TestApp, 'app'>, path: string, cookie: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
  return app.request(path, { method: 'POST', body, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
}

/**
 * Writes a vote as if cast at `at` (epoch ms): the triggers file it into the hourly and daily
 * counters exactly as a live vote would be.
 */
export async function voteAt(db: Db, articleId: number, reader: string, reaction: string, at: number) {
  await db.run(sql`INSERT INTO votes (article_id, reader_hash, reaction_key, created_at, updated_at)
    VALUES (${articleId}, ${reader}, ${reaction}, ${at}, ${at})
    ON CONFLICT (article_id, reader_hash) DO UPDATE SET reaction_key = excluded.reaction_key, updated_at = excluded.updated_at
    WHERE votes.reaction_key <> excluded.reaction_key`);
}

/** A comment row as the comments service would store it (ending the article's cached answers, as it does). */
export async function commentAt(
  db: Db,
  articleId: number,
  overrides: { status?: string; at?: number; body?: string; reader?: string; reportCount?: number; heldReason?: string | null; parentId?: number } = {},
): Promise<number> {
  const at = overrides.at ?? Date.now();
  const [row] = await db.all<{ id: number }>(sql`INSERT INTO comments (article_id, parent_id, reader_hash, author_name, body, status, held_reason, created_at, updated_at)
    VALUES (${articleId}, ${overrides.parentId ?? null}, ${overrides.reader ?? 'reader-hash-1'}, 'Budi', ${overrides.body ?? 'Komentar yang baik.'}, ${overrides.status ?? 'approved'}, ${overrides.heldReason ?? null}, ${at}, ${at})
    RETURNING id`);
  for (let i = 0; i < (overrides.reportCount ?? 0); i++) {
    await db.run(sql`INSERT INTO comment_reports (comment_id, reader_hash, reason) VALUES (${row!.id}, ${`reporter-${i}`}, 'abuse')`);
  }
  // Written behind the services' back, so the cache is told by hand, as another process's write would not be.
  appCache(db).changed(articleSubject(articleId));
  return row!.id;
}

/** The general settings form as the page posts it: every field at its default, then `overrides`. */
export function settingsForm(csrf: string, overrides: Record<string, string> = {}) {
  return {
    _csrf: csrf,
    name: 'Kabar Kita',
    origins: 'https://news.example',
    defaultLocale: 'id',
    timeZone: 'Asia/Jakarta',
    moderationMode: 'post',
    commentsEnabled: '1',
    resultVisibility: 'always',
    reportThreshold: '3',
    complaintDeadlineHours: '48',
    editWindowMinutes: '15',
    votesPerNetworkPerDay: '50',
    commentIntervalSeconds: '30',
    commentsPerDay: '30',
    votesPerAddressPerDay: '150',
    commentsPerAddressPerDay: '60',
    likesPerAddressPerDay: '150',
    reportsPerNetworkPerDay: '3',
    hardCeilingFactor: '10',
    trustAfterApprovedComments: '3',
    closeCommentsAfterDays: '',
    heldCommentRetentionDays: '90',
    rejectedCommentRetentionDays: '90',
    networkKeyRetentionDays: '2',
    bannedWords: '',
    suspectWords: '',
    ...overrides,
  };
}
