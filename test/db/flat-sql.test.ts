import { sql } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { flat, FlatSql } from '../../src/db/flat-sql';
import { testApp } from '../helpers/app';

const dialect = new SQLiteAsyncDialect();
const compiled = (statement: FlatSql) => dialect.sqlToQuery(statement.toSql());

describe('FlatSql', () => {
  it('compiles to the text and parameters the nested sql fragments give', () => {
    const isOpen = flat`EXISTS (SELECT 1 FROM articles WHERE id = ${7} AND poll_open = 1)`;
    const nestedOpen = sql`EXISTS (SELECT 1 FROM articles WHERE id = ${7} AND poll_open = 1)`;
    const statement = flat`SELECT ${'a'} WHERE ${isOpen} AND ${sql`b = ${2}`} OR NOT ${isOpen}`;
    expect(compiled(statement)).toEqual(dialect.sqlToQuery(sql`SELECT ${'a'} WHERE ${nestedOpen} AND ${sql`b = ${2}`} OR NOT ${nestedOpen}`));
    expect(compiled(statement)).toMatchObject({ sql: 'SELECT ? WHERE EXISTS (SELECT 1 FROM articles WHERE id = ? AND poll_open = 1) AND b = ? OR NOT EXISTS (SELECT 1 FROM articles WHERE id = ? AND poll_open = 1)', params: ['a', 7, 2, 7] });
  });

  it('binds every value, so text in a value never becomes SQL', async () => {
    const t = await testApp();
    const hostile = "x'); DROP TABLE votes; --";
    const list = new FlatSql().text('SELECT ').list([hostile, 'tail'], ' || ', (statement, value) => statement.value(value)).text(' AS joined');
    expect(compiled(list)).toMatchObject({ sql: 'SELECT ? || ? AS joined', params: [hostile, 'tail'] });
    expect(await t.db.all(list.toSql())).toEqual([{ joined: `${hostile}tail` }]);
    expect(await t.db.all(flat`SELECT count(*) AS n FROM votes WHERE reader_hash = ${hostile}`.toSql())).toEqual([{ n: 0 }]);
  });
});
