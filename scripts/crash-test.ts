/**
 * Crash safety, end to end: start the Node server as a child process on a fresh database,
 * drive a concurrent load of votes, changes and withdrawals, `kill -9` it in the middle,
 * restart it on the same file and check through the API that every acknowledged write is
 * there (and that what was in flight either fully happened or not at all), then check the
 * counters against the rows. Repeats for several rounds, so later rounds run on a database
 * that has already been killed under load. Bounded: a few seconds of load per round.
 *
 *   npx tsx scripts/crash-test.ts [--rounds 3] [--load-ms 2500] [--workers 24]
 *
 * Exits non-zero on any lost or phantom write. When /openapi.json documents the comments
 * route, each round also kills the server under a comment load and checks that every
 * acknowledged comment is stored with its text.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { inArray } from 'drizzle-orm';
import { openNodeDatabase } from '../src/db/node';
import { comments } from '../src/db/schema';
import { invariantViolations } from '../test/helpers/invariants';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'load-ms': { type: 'string', default: '2500' },
    workers: { type: 'string', default: '24' },
  },
});
const ROUNDS = Number(args.rounds);
const LOAD_MS = Number(args['load-ms']);
const WORKERS = Number(args.workers);

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'tanggap-crash-'));
const databaseUrl = `file:${join(dir, 'crash.db')}`;
const secret = randomBytes(32).toString('base64url');
const reactions = ['senang', 'terhibur', 'terinspirasi', 'tidak-peduli', 'terganggu', 'sedih', 'cemas', 'marah'];
const ARTICLES = 6;

type Server = { child: ChildProcess; url: string };

function startServer(): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATABASE_URL: databaseUrl, TANGGAP_SECRET: secret, LOG_LEVEL: 'info', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((ready, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`server did not start in 30 s:\n${output}`)), 30_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /listening on (http:\/\/[^\s)]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        const url = match[1]!;
        // One request through every route first, so the load measures the server, not its warm-up.
        pollOf(url, 'warm-up').then(() => ready({ child, url }), fail);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}

function kill9(server: Server): Promise<void> {
  return new Promise((done) => {
    server.child.once('exit', () => done());
    server.child.kill('SIGKILL');
  });
}

/** What a reader's vote may be after the crash: the last acknowledged state, or the one in flight. */
type ReaderState = { article: string; token: string; acknowledged: string | null; inFlight: (string | null)[] };

const readers: ReaderState[] = [];
const figures = {
  faults: 0,
  sent: 0,
  acknowledged: 0,
  inFlightAtKill: 0,
  refused: 0,
  verifiedReaders: 0,
  verifiedArticles: 0,
  commentsSent: 0,
  commentsAcknowledged: 0,
  commentsVerified: 0,
};

const COMMENTS_PATH = '/v1/sites/{site}/articles/{article}/comments';
/** Acknowledged comments: id → the text the server confirmed storing. */
const acknowledgedComments = new Map<number, string>();

async function send(url: string, reader: ReaderState, choice: string | null): Promise<'ok' | 'refused' | 'failed'> {
  const path = `${url}/v1/sites/demo/articles/${encodeURIComponent(reader.article)}/vote`;
  reader.inFlight.push(choice);
  figures.sent++;
  try {
    const response = await fetch(path, {
      method: choice === null ? 'DELETE' : 'PUT',
      headers: { 'content-type': 'application/json', 'user-agent': `crash-test/${reader.token}` },
      body: JSON.stringify(choice === null ? { reader: reader.token } : { reader: reader.token, reaction: choice }),
    });
    const body = (await response.json()) as { choice?: string | null };
    if (response.status !== 200) {
      reader.inFlight.pop();
      figures.refused++;
      return 'refused';
    }
    if (body.choice !== choice) throw new Error(`answer shows ${body.choice} after ${choice ?? 'withdraw'} for ${reader.token}`);
    reader.acknowledged = choice;
    reader.inFlight = [];
    figures.acknowledged++;
    return 'ok';
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('answer shows')) throw error;
    return 'failed';
  }
}

/** Workers that each act for their own readers: new votes mostly, some changes and withdrawals. */
async function voteLoad(url: string, round: number, stopAt: { stopped: boolean }): Promise<void> {
  const worker = async (index: number) => {
    const mine: ReaderState[] = [];
    while (!stopAt.stopped) {
      const roll = Math.random();
      let reader: ReaderState;
      let choice: string | null;
      if (mine.length === 0 || roll < 0.6) {
        reader = { article: `crash-${(round + index) % ARTICLES}`, token: randomBytes(16).toString('base64url'), acknowledged: null, inFlight: [] };
        readers.push(reader);
        mine.push(reader);
        choice = reactions[Math.floor(Math.random() * reactions.length)]!;
      } else {
        reader = mine[Math.floor(Math.random() * mine.length)]!;
        choice = roll < 0.9 ? reactions[Math.floor(Math.random() * reactions.length)]! : null;
      }
      if ((await send(url, reader, choice)) === 'failed') return;
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)));
}

/** Workers posting comments, each from a reader and network of its own (rate limits are per both). */
async function commentLoad(url: string, round: number, stopAt: { stopped: boolean }): Promise<void> {
  const worker = async (index: number) => {
    while (!stopAt.stopped) {
      const token = randomBytes(16).toString('base64url');
      const text = `Komentar uji ${round}-${index}-${token}`;
      figures.commentsSent++;
      try {
        const response = await fetch(`${url}/v1/sites/demo/articles/crash-comments-${index % ARTICLES}/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': `crash-test/${token}` },
          body: JSON.stringify({ reader: token, name: `Pembaca ${index}`, body: text, elapsedMs: 5_000 }),
        });
        const body = (await response.json()) as { comment?: { id?: number; body?: string }; id?: number; body?: string };
        const comment = body.comment ?? body;
        if (response.status !== 201 || typeof comment.id !== 'number') continue;
        if (comment.body !== text) throw new Error(`comment ${comment.id} acknowledged with text ${JSON.stringify(comment.body)}, sent ${JSON.stringify(text)}`);
        acknowledgedComments.set(comment.id, text);
        figures.commentsAcknowledged++;
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('comment ')) throw error;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)));
}

/** Every acknowledged comment is stored, with the text it was acknowledged with. */
async function verifyComments(): Promise<string[]> {
  const ids = [...acknowledgedComments.keys()];
  if (ids.length === 0) return [];
  const { client, db } = await openNodeDatabase(databaseUrl);
  try {
    const stored = new Map<number, string>();
    for (let start = 0; start < ids.length; start += 500) {
      const rows = await db.select({ id: comments.id, body: comments.body }).from(comments).where(inArray(comments.id, ids.slice(start, start + 500)));
      for (const row of rows) stored.set(row.id, row.body);
    }
    figures.commentsVerified = ids.length;
    return ids.filter((id) => stored.get(id) !== acknowledgedComments.get(id)).map((id) => `comment ${id}: acknowledged but ${stored.has(id) ? 'changed' : 'missing'} after restart`);
  } finally {
    client.close();
  }
}

async function pollOf(url: string, article: string, token?: string) {
  const query = token ? `?reader=${token}` : '';
  const response = await fetch(`${url}/v1/sites/demo/articles/${encodeURIComponent(article)}/poll${query}`);
  if (response.status !== 200) throw new Error(`poll ${article} answered ${response.status}`);
  return (await response.json()) as { choice: string | null; total: number; reactions: { key: string; count: number }[] };
}

/** Every reader's vote is its acknowledged state or its in-flight one; every tally equals its readers. */
async function verify(url: string): Promise<string[]> {
  const problems: string[] = [];
  const actual = new Map<ReaderState, string | null>();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < readers.length) {
        const reader = readers[next++]!;
        const { choice } = await pollOf(url, reader.article, reader.token);
        actual.set(reader, choice);
        const allowed = [reader.acknowledged, ...reader.inFlight];
        if (!allowed.includes(choice)) {
          problems.push(`reader ${reader.token} on ${reader.article}: found ${choice}, acknowledged ${reader.acknowledged}, in flight ${JSON.stringify(reader.inFlight)}`);
        }
        figures.verifiedReaders++;
      }
    }),
  );
  for (let article = 0; article < ARTICLES; article++) {
    const name = `crash-${article}`;
    const expected = new Map<string, number>();
    for (const [reader, choice] of actual) if (reader.article === name && choice) expected.set(choice, (expected.get(choice) ?? 0) + 1);
    const poll = await pollOf(url, name);
    for (const reaction of poll.reactions) {
      if (reaction.count !== (expected.get(reaction.key) ?? 0)) {
        problems.push(`${name} ${reaction.key}: tally ${reaction.count}, readers' votes ${expected.get(reaction.key) ?? 0}`);
      }
    }
    figures.verifiedArticles++;
  }
  // Settle what was in flight: the restarted server has answered for every reader.
  for (const [reader, choice] of actual) {
    reader.acknowledged = choice;
    reader.inFlight = [];
  }
  return problems;
}

async function main(): Promise<void> {
  const started = performance.now();
  const problems: string[] = [];
  try {
    // The server imports the built widget; build it as `npm start` would.
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('scripts/build.mjs failed');
    let server = await startServer();
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const withComments = Boolean(spec.paths[COMMENTS_PATH]?.post);
    if (!withComments) console.log('crash-test: no comments route in /openapi.json yet; comment load skipped');
    for (let round = 1; round <= ROUNDS; round++) {
      const stop = { stopped: false };
      const load = voteLoad(server.url, round, stop);
      await new Promise((wait) => setTimeout(wait, LOAD_MS));
      await kill9(server);
      figures.faults++;
      stop.stopped = true;
      await load;
      figures.inFlightAtKill += readers.filter((reader) => reader.inFlight.length > 0).length;
      server = await startServer();
      const found = await verify(server.url);
      problems.push(...found.map((problem) => `round ${round}: ${problem}`));
      console.log(`crash-test: round ${round}: kill -9 under vote load, restarted, ${readers.length} readers checked, ${found.length} problems`);
      if (!withComments) continue;
      const stopComments = { stopped: false };
      const commenting = commentLoad(server.url, round, stopComments);
      await new Promise((wait) => setTimeout(wait, LOAD_MS));
      await kill9(server);
      figures.faults++;
      stopComments.stopped = true;
      await commenting;
      const lost = await verifyComments();
      problems.push(...lost.map((problem) => `round ${round}: ${problem}`));
      server = await startServer();
      console.log(`crash-test: round ${round}: kill -9 under comment load, restarted, ${acknowledgedComments.size} comments checked, ${lost.length} problems`);
    }
    server.child.kill('SIGTERM');
    await new Promise((done) => server.child.once('exit', done));
    const { client, db } = await openNodeDatabase(databaseUrl);
    const violations = await invariantViolations(db);
    const journal = (await client.execute('PRAGMA journal_mode')).rows[0]?.[0];
    console.log(`crash-test: database journal_mode=${journal}, synchronous=NORMAL (set by src/db/node.ts on every connection)`);
    client.close();
    problems.push(...violations.map((violation) => `database: ${violation}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `crash-test: ${figures.faults} faults injected (kill -9), ${figures.sent} writes sent, ${figures.acknowledged} acknowledged, ` +
      `${figures.refused} refused, ${figures.inFlightAtKill} in flight at a kill; verified ${figures.verifiedReaders} reader states ` +
      `and ${figures.verifiedArticles} tallies through the API; ${figures.commentsSent} comments sent, ${figures.commentsAcknowledged} acknowledged, ` +
      `${figures.commentsVerified} verified stored; database invariants checked; ${problems.length} problems (${seconds} s)`,
  );
  if (problems.length > 0) {
    for (const problem of problems.slice(0, 50)) console.error(`crash-test: ${problem}`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
