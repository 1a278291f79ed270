import { sql } from 'drizzle-orm';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { namedBatch } from '../../src/db/batch';
import { freshDb } from '../helpers/db';

const { db } = await freshDb({ demo: false });
await db.run(sql`CREATE TABLE batch_notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE)`);

describe('namedBatch', () => {
  it('returns each statement\'s result under its name, typed by the statement, in the order written', async () => {
    const results = await namedBatch(db, {
      first: db.all<{ id: number }>(sql`INSERT INTO batch_notes (body) VALUES ('satu') RETURNING id`),
      skipped: null,
      second: db.all<{ id: number }>(sql`INSERT INTO batch_notes (body) VALUES ('dua') RETURNING id`),
      seen: db.all<{ count: number }>(sql`SELECT count(*) AS count FROM batch_notes`),
    });
    expectTypeOf(results.seen).toEqualTypeOf<{ count: number }[]>();
    expectTypeOf(results.skipped).toEqualTypeOf<undefined>();
    expect(results.first).toHaveLength(1);
    expect(results.second[0]!.id).toBe(results.first[0]!.id + 1);
    expect(results.skipped).toBeUndefined();
    expect(results.seen).toEqual([{ count: 2 }]);
  });

  it('leaves out a statement given as null, and keeps its name with undefined', async () => {
    const maybe = (on: boolean) => (on ? db.all<{ id: number }>(sql`SELECT id FROM batch_notes ORDER BY id LIMIT 1`) : null);
    const off = await namedBatch(db, { optional: maybe(false), count: db.all<{ count: number }>(sql`SELECT count(*) AS count FROM batch_notes`) });
    expect(off).toEqual({ optional: undefined, count: [{ count: 2 }] });
    const on = await namedBatch(db, { optional: maybe(true), count: db.all<{ count: number }>(sql`SELECT count(*) AS count FROM batch_notes`) });
    expect(on.optional).toHaveLength(1);
  });

  it('is atomic: a failing statement undoes the ones before it', async () => {
    await expect(
      namedBatch(db, {
        added: db.run(sql`INSERT INTO batch_notes (body) VALUES ('tiga')`),
        clash: db.run(sql`INSERT INTO batch_notes (body) VALUES ('satu')`),
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(await db.all(sql`SELECT body FROM batch_notes WHERE body = 'tiga'`)).toEqual([]);
  });
});
