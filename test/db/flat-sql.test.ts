import { sql } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { flat, FlatSql } from '../../src/db/flat-sql';
import { votes } from '../../src/db/schema';
import { testApp } from '../helpers/app';

const dialect = new SQLiteAsyncDialect();
/** What reaches the driver: SQLite takes no parameter typings. */
const driverQuery = ({ sql: text, params }: { sql: string; params: unknown[] }) => ({ sql: text, params });
const compiled = (statement: FlatSql) => driverQuery(dialect.sqlToQuery(statement.toSql()));

describe('FlatSql', () => {
  it('compiles to the text and parameters the nested sql fragments give', () => {
    const isOpen = flat`EXISTS (SELECT 1 FROM articles WHERE id = ${7} AND poll_open = 1)`;
    const nestedOpen = sql`EXISTS (SELECT 1 FROM articles WHERE id = ${7} AND poll_open = 1)`;
    const statement = flat`SELECT ${'a'} WHERE ${isOpen} AND ${sql`b = ${2}`} OR NOT ${isOpen}`;
    expect(compiled(statement)).toEqual(driverQuery(dialect.sqlToQuery(sql`SELECT ${'a'} WHERE ${nestedOpen} AND ${sql`b = ${2}`} OR NOT ${nestedOpen}`)));
    expect(compiled(statement)).toMatchObject({ sql: 'SELECT ? WHERE EXISTS (SELECT 1 FROM articles WHERE id = ? AND poll_open = 1) AND b = ? OR NOT EXISTS (SELECT 1 FROM articles WHERE id = ? AND poll_open = 1)', params: ['a', 7, 2, 7] });
  });

  it('hands drizzle a statement of plain values already compiled, which still nests in drizzle templates', () => {
    const statement = flat`SELECT ${'a'} WHERE id = ${7} AND note IS ${null}`;
    const expected = { sql: 'SELECT ? WHERE id = ? AND note IS ?', params: ['a', 7, null] };
    expect(compiled(statement)).toMatchObject(expected);
    expect(dialect.sqlToQuery(sql`SELECT * FROM (${statement.toSql()}) WHERE x = ${1}`)).toMatchObject({
      sql: `SELECT * FROM (${expected.sql}) WHERE x = ?`,
      params: [...expected.params, 1],
    });
    // Each compilation gets its own parameter list: a driver that consumes one cannot change the next.
    const built = statement.toSql();
    dialect.sqlToQuery(built).params.push('extra');
    expect(dialect.sqlToQuery(built).params).toEqual(expected.params);
    // Nor does writing more to the statement after it was handed out.
    statement.text(' AND more = ').value(9);
    expect(driverQuery(dialect.sqlToQuery(built))).toEqual(expected);
  });

  it('embeds a drizzle fragment that names a column for drizzle to compile', () => {
    const statement = flat`SELECT ${sql`${votes.readerHash}`} FROM votes WHERE ${sql`${votes.articleId} = ${3}`} AND reaction_key = ${'senang'}`;
    expect(compiled(statement)).toEqual({ sql: 'SELECT "votes"."reader_hash" FROM votes WHERE "votes"."article_id" = ? AND reaction_key = ?', params: [3, 'senang'] });
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
