import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { groupCommit } from '../../src/db/group-commit';
import { freshDb } from '../helpers/db';

let db: Db;
/** The real database, with every `batch` call (one transaction each) counted. */
let counted: Db;
let transactions = 0;

beforeAll(async () => {
  ({ db } = await freshDb());
  await db.run(sql`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE)`);
  counted = new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'batch') {
        return (items: Parameters<Db['batch']>[0]) => {
          transactions++;
          return target.batch(items);
        };
      }
      return Reflect.get(target, key, receiver);
    },
  });
});

const insert = (body: string) => db.run(sql`INSERT INTO notes (body) VALUES (${body})`);
const readBack = (body: string) => db.all<{ body: string }>(sql`SELECT body FROM notes WHERE body = ${body}`);
const stored = async (prefix: string) =>
  (await db.all<{ body: string }>(sql`SELECT body FROM notes WHERE body LIKE ${`${prefix}%`} ORDER BY body`)).map((row) => row.body);

describe('group commit', () => {
  it('commits concurrent requests in one transaction and hands each its own results', async () => {
    const writer = groupCommit(counted);
    transactions = 0;
    const bodies = Array.from({ length: 40 }, (_, i) => `group-${String(i).padStart(2, '0')}`);
    const results = await Promise.all(bodies.map((body) => writer.batch([insert(body), readBack(body)])));
    expect(transactions).toBe(1);
    expect(results.map(([, rows]) => rows)).toEqual(bodies.map((body) => [{ body }]));
    expect(await stored('group-')).toEqual(bodies);
  });

  it('drain waits until every queued and committing batch is stored, and resolves at once when idle', async () => {
    const writer = groupCommit(db, { windowMs: 20 });
    await writer.drain();
    const bodies = Array.from({ length: 12 }, (_, i) => `drain-${String(i).padStart(2, '0')}`);
    const writes = bodies.map((body) => writer.batch([insert(body)]));
    // Nothing has been flushed yet (the window is still open) when the drain is asked for.
    await writer.drain();
    expect(await stored('drain-')).toEqual(bodies);
    await Promise.all(writes);
  });

  it('lets a request see the writes of requests queued before it, as if run one after another', async () => {
    const writer = groupCommit(db);
    const [, second] = await Promise.all([
      writer.batch([insert('order-a')]),
      writer.batch([db.all<{ n: number }>(sql`SELECT count(*) AS n FROM notes WHERE body = 'order-a'`)]),
    ]);
    expect(second[0]).toEqual([{ n: 1 }]);
  });

  it('fails only the request whose statement fails, and commits the rest of its group', async () => {
    await db.run(sql`INSERT INTO notes (body) VALUES ('taken')`);
    const writer = groupCommit(counted);
    transactions = 0;
    const outcomes = await Promise.allSettled([
      writer.batch([insert('iso-1')]),
      writer.batch([insert('iso-bad'), insert('taken')]),
      writer.batch([insert('iso-2')]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    // The failed request is atomic on its own: its first statement did not survive either.
    expect(await stored('iso-')).toEqual(['iso-1', 'iso-2']);
    // One failed group, then each request alone.
    expect(transactions).toBe(4);
  });

  it('keeps groups under the statement cap', async () => {
    const writer = groupCommit(counted, { maxStatements: 10 });
    transactions = 0;
    await Promise.all(Array.from({ length: 25 }, (_, i) => writer.batch([insert(`cap-${i}`), readBack(`cap-${i}`)])));
    expect(transactions).toBe(5);
    expect(await stored('cap-')).toHaveLength(25);
  });

  it('coalesces requests that arrive within the window', async () => {
    const writer = groupCommit(counted, { windowMs: 20 });
    transactions = 0;
    const first = writer.batch([insert('window-1')]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = writer.batch([insert('window-2')]);
    await Promise.all([first, second]);
    expect(transactions).toBe(1);
  });

  it('forms the next group from requests that arrive while one commits', async () => {
    const writer = groupCommit(counted);
    transactions = 0;
    const first = writer.batch([insert('next-0')]);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = Array.from({ length: 10 }, (_, i) => writer.batch([insert(`next-${i + 1}`)]));
    await Promise.all([first, ...rest]);
    expect(transactions).toBeLessThanOrEqual(2);
    expect(await stored('next-')).toHaveLength(11);
  });
});
