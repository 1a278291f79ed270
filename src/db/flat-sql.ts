import { type SQL, sql } from 'drizzle-orm';

/**
 * A statement written as text and bound values, in order, and handed to drizzle as one flat
 * `sql` template. For statements assembled from many parts on every request, such as the
 * limiter's admission: nested `sql` fragments cost a tree of objects per request and a
 * recursive walk to compile it, which measured more than running the statement in SQLite.
 * Values are always bound, never spliced into the text; an `SQL` value is embedded as a
 * fragment (compiled as drizzle compiles any nested fragment).
 *
 * `flat` writes one from a template, as drizzle's `sql` does; a `FlatSql` interpolated into it is
 * spliced in, so fragments compose without nesting.
 *
 * @example
 * const isOpen = flat`EXISTS (SELECT 1 FROM articles WHERE id = ${articleId} AND poll_open = 1)`;
 * await db.run(flat`UPDATE articles SET title = ${title} WHERE id = ${articleId} AND ${isOpen}`.toSql());
 * const query = new FlatSql().text('SELECT count FROM rate_limits WHERE key IN (')
 *   .list(keys, ', ', (statement, key) => statement.value(key)).text(')');
 */
export class FlatSql {
  readonly #strings: string[] = [''];
  readonly #values: unknown[] = [];

  text(chunk: string): this {
    this.#strings[this.#strings.length - 1] += chunk;
    return this;
  }

  /** A bound value; a `FlatSql` is spliced in (its text and values), an `SQL` embedded as a fragment. */
  value(value: unknown): this {
    if (value instanceof FlatSql) {
      value.#strings.forEach((text, index) => {
        if (index > 0) this.value(value.#values[index - 1]);
        this.text(text);
      });
      return this;
    }
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

/** A `FlatSql` from a template: its text as written, each interpolated value bound (see `FlatSql.value`). */
export function flat(strings: TemplateStringsArray, ...values: unknown[]): FlatSql {
  const statement = new FlatSql();
  strings.forEach((text, index) => {
    if (index > 0) statement.value(values[index - 1]);
    statement.text(text);
  });
  return statement;
}
