import { type SQL, sql } from 'drizzle-orm';

/**
 * A statement written as text and bound values, in order, and handed to drizzle as one flat
 * `sql` template. For statements assembled from many parts on every request, such as the
 * limiter's admission: nested `sql` fragments cost a tree of objects per request and a
 * recursive walk to compile it, which measured more than running the statement in SQLite.
 * Values are always bound, never spliced into the text; an `SQL` value is embedded as a
 * fragment (compiled as drizzle compiles any nested fragment).
 *
 * @example
 * const query = new FlatSql().text('SELECT count FROM rate_limits WHERE key IN (')
 *   .list(keys, ', ', (statement, key) => statement.value(key)).text(')');
 * await db.all(query.toSql());
 */
export class FlatSql {
  readonly #strings: string[] = [''];
  readonly #values: unknown[] = [];

  text(chunk: string): this {
    this.#strings[this.#strings.length - 1] += chunk;
    return this;
  }

  value(value: unknown): this {
    this.#values.push(value);
    this.#strings.push('');
    return this;
  }

  /** Writes each item with `write`, `separator` between them. */
  list<T>(items: readonly T[], separator: string, write: (statement: this, item: T) => void): this {
    for (let index = 0; index < items.length; index++) {
      if (index > 0) this.text(separator);
      write(this, items[index]!);
    }
    return this;
  }

  toSql(): SQL {
    const strings = this.#strings;
    return sql(Object.assign(strings, { raw: strings }), ...this.#values);
  }
}
