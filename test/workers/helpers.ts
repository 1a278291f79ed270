import { createExecutionContext, runDurableObjectAlarm, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { d1Db } from '../../src/db/d1';
import { unsentMovement } from '../../src/polls/rollup';
import { pollObjectName } from '../../src/polls/shards';
import worker from '../../src/worker';

/** The suite's D1 (migrated by ./setup.ts) as the shared `Db`, for seeding and for checking rows. */
export const db = d1Db(env.DB);

/** A reader token as the widget makes one: 16 random bytes, base64url (workerd has no node:crypto here). */
export function readerToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export type Answer = { status: number; body: any; headers: Headers };

/**
 * A request through the Worker's real entry (`export default { fetch }` of src/worker.ts) with
 * the bindings from wrangler.toml, as Cloudflare would deliver it: the client address comes in
 * `CF-Connecting-IP`.
 */
export async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { 'cf-connecting-ip': '203.0.113.7', ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const response = await exports.default.fetch(new Request(`https://tanggap.test${path}`, init));
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** The D1 id of one of the demo site's articles. */
export async function articleIdOf(externalId: string): Promise<number> {
  const [row] = await db.all<{ id: number }>(sql`SELECT id FROM articles WHERE site_id = 'demo' AND external_id = ${externalId}`);
  return row!.id;
}

/** An article's object for one shard. */
export const shardStub = (articleId: number, shard: number) => env.ARTICLE_POLL.getByName(pollObjectName(articleId, shard));

/**
 * Runs the article's objects' alarms (shards first, so their reports reach the coordinator)
 * until none is scheduled and nothing is left to roll up: the reports, live messages and
 * roll-ups the objects would send on their own within seconds.
 */
export async function settle(articleId: number, shards: number): Promise<void> {
  for (let round = 0; round < 100; round++) {
    for (let shard = shards - 1; shard >= 0; shard--) await runDurableObjectAlarm(shardStub(articleId, shard));
    const busy = await Promise.all(
      Array.from({ length: shards }, (_, shard) =>
        runInDurableObject(shardStub(articleId, shard), async (_instance, state) =>
          (await state.storage.getAlarm()) !== null ||
          state.storage.sql.exec("SELECT 1 FROM poll_state WHERE key = 'rollup_pending'").toArray().length > 0 ||
          unsentMovement(state.storage.sql, articleId).length > 0,
        ),
      ),
    );
    if (!busy.includes(true)) return;
    // An alarm the runtime started by itself is still sending: let it finish.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the objects did not settle');
}

/**
 * The Worker's own entry with other bindings: `plain` is wrangler.toml's; `split` makes every
 * article split over four shards from its first vote; `direct` drops the object binding, so
 * votes go straight to D1 as before the upgrade.
 */
export const envs = {
  plain: { ...env },
  split: { ...env, POLL_SPLIT_ABOVE: '0', POLL_SHARDS: '4' },
  direct: { ...env, ARTICLE_POLL: undefined },
};

/** A request through the Worker's entry with `bindings`, from `ip`, waiting for what it left running (`waitUntil`). */
export async function callWith(bindings: Record<string, unknown>, method: string, path: string, body: unknown, ip: string, headers: Record<string, string> = {}): Promise<Answer> {
  const ctx = createExecutionContext();
  const request = new Request(`https://tanggap.test${path}`, {
    method,
    headers: { 'cf-connecting-ip': ip, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, bindings, ctx);
  await waitOnExecutionContext(ctx);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** What D1 holds for the article after roll-ups: counters, ranking total, hourly and daily sums. */
export async function d1Totals(articleId: number) {
  const [row] = await db.all<{ counts: string; voteCount: number; hourly: string; daily: string; hourlyCasts: number }>(sql`
    SELECT
      (SELECT json_group_object(reaction_key, count) FROM (SELECT reaction_key, count FROM reaction_counts WHERE article_id = a.id AND count <> 0 ORDER BY reaction_key)) AS counts,
      a.vote_count AS voteCount,
      (SELECT json_group_object(reaction_key, s) FROM (SELECT reaction_key, sum(delta) AS s FROM reaction_hourly WHERE article_id = a.id GROUP BY reaction_key HAVING s <> 0 ORDER BY reaction_key)) AS hourly,
      (SELECT json_group_object(reaction_key, s) FROM (SELECT reaction_key, sum(delta) AS s FROM reaction_daily WHERE article_id = a.id GROUP BY reaction_key HAVING s <> 0 ORDER BY reaction_key)) AS daily,
      (SELECT sum(casts) FROM reaction_hourly WHERE article_id = a.id) AS hourlyCasts
    FROM articles a WHERE a.id = ${articleId}`);
  return { counts: JSON.parse(row!.counts), voteCount: row!.voteCount, hourly: JSON.parse(row!.hourly), daily: JSON.parse(row!.daily), hourlyCasts: row!.hourlyCasts };
}

const sorted = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0).sort(([a], [b]) => a.localeCompare(b)));
export const pollCounts = (body: { reactions: { key: string; count: number }[] }) => sorted(Object.fromEntries(body.reactions.map((r) => [r.key, r.count])));

