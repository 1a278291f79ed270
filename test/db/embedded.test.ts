import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedClient, embeddedClient } from '../../src/db/embedded';

let dir: string;
let client: EmbeddedClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tanggap-embedded-'));
  client = embeddedClient(join(dir, 'x.db'), { pragmas: ['PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL'], cacheBytes: 4096 });
  await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, big INTEGER, data BLOB)');
});

afterAll(() => {
  client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded libsql client', () => {
  it('applies its pragmas to the connection it uses', async () => {
    expect((await client.execute('PRAGMA synchronous')).rows[0]![0]).toBe(1);
  });

  it('returns rows readable by column name and by index, with only the names enumerable', async () => {
    await client.execute({ sql: 'INSERT INTO t (name, big) VALUES (?, ?)', args: ['a', 7] });
    const { rows, columns } = await client.execute({ sql: 'SELECT id, name, big AS name FROM t WHERE name = ?', args: ['a'] });
    expect(columns).toEqual(['id', 'name', 'name']);
    const row = rows[0]!;
    expect([row[0], row[1], row[2], row.length]).toEqual([1, 'a', 7, 3]);
    expect(Object.keys(row)).toEqual(['id', 'name']);
    expect(row.name).toBe('a');
  });

  it('reports changes and the last rowid of writes, with named arguments too', async () => {
    const result = await client.execute({ sql: 'INSERT INTO t (name) VALUES (:name)', args: { name: 'b' } });
    expect(result.rowsAffected).toBe(1);
    expect(result.lastInsertRowid).toBe(2n);
  });

  it('refuses integers JavaScript cannot hold exactly, and round-trips blobs', async () => {
    await client.execute({ sql: 'INSERT INTO t (name, big, data) VALUES (?, ?, ?)', args: ['c', 2n ** 60n, new Uint8Array([1, 2, 3]).buffer] });
    await expect(client.execute("SELECT big FROM t WHERE name = 'c'")).rejects.toThrow(RangeError);
    const { rows } = await client.execute("SELECT data FROM t WHERE name = 'c'");
    expect(new Uint8Array(rows[0]![0] as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('runs a batch atomically: a failing statement rolls back the ones before it', async () => {
    await expect(
      client.batch([{ sql: "INSERT INTO t (name) VALUES ('d')", args: [] }, { sql: "INSERT INTO t (name) VALUES ('a')", args: [] }]),
    ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT', statementIndex: 1 });
    expect((await client.execute("SELECT count(*) FROM t WHERE name = 'd'")).rows[0]![0]).toBe(0);
    expect((await client.execute('SELECT 1')).rows[0]![0]).toBe(1);
  });

  it('keeps its statement cache within its byte budget when flooded with distinct long statements, and keeps answering', async () => {
    const pad = 'x'.repeat(200);
    for (let i = 0; i < 2_000; i++) {
      const { rows } = await client.execute({ sql: `SELECT ${i} AS n, '${pad}' AS pad FROM t WHERE name = ?`, args: ['a'] });
      expect(rows[0]!.n).toBe(i);
      const stats = client.statementCacheStats();
      expect(stats.bytes).toBeLessThanOrEqual(4096);
    }
    const stats = client.statementCacheStats();
    expect(stats).toMatchObject({ maxBytes: 4096 });
    // Each text is about 250 bytes: the budget holds about sixteen of them, not 2,000.
    expect(stats.entries).toBeGreaterThan(10);
    expect(stats.entries).toBeLessThan(20);
  });

  it('runs a statement longer than the whole budget without keeping it', async () => {
    const before = client.statementCacheStats();
    const long = `SELECT '${'y'.repeat(5_000)}' AS long`;
    expect(((await client.execute(long)).rows[0]!.long as string).length).toBe(5_000);
    expect(client.statementCacheStats()).toEqual(before);
  });

  it('refuses interactive transactions, as D1 does', async () => {
    await expect(client.transaction('write')).rejects.toThrow(/batch/);
  });
});
