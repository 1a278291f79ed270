import { type BuildQueryConfig, type QueryWithTypings, SQL, type SQLChunk, StringChunk, sql } from 'drizzle-orm';

/**
 * A flat statement whose values are all plain (no `SQL` fragment in it): drizzle compiles it
 * without walking its chunks, since its text and parameters are already known. Everything
 * else about it is an ordinary `SQL`, so it also nests in drizzle's own templates.
 */
class CompiledSql extends SQL {
  readonly #strings: string[];
  readonly #values: unknown[];
  readonly #text: string;
  #chunks: SQLChunk[] | undefined;

  constructor(strings: string[], values: unknown[]) {
    super([]);
    this.#strings = strings;
    this.#values = values;
    this.#text = strings.join('?');
  }

  override toQuery(config: BuildQueryConfig): QueryWithTypings {
    // Inlined parameters are drizzle's own business (SQLite binds every value: `?`).
    if (config.inlineParams) return super.toQuery(config);
    return { sql: this.#text, params: [...this.#values] };
  }

  /** Its chunks, built only when drizzle reads them: when the statement is nested in another. */
  static chunksOf(statement: CompiledSql): SQLChunk[] {
    statement.#chunks ??= statement.#strings.flatMap((text, index) =>
      index === 0 ? [new StringChunk(text)] : [statement.#values[index - 1] as SQLChunk, new StringChunk(text)],
    );
    return statement.#chunks;
  }
}

// `queryChunks` is read through the prototype, and `SQL`'s constructor assigns it an empty list
// that this ignores: an own property per statement (`defineProperty` on each one) measured ten
// times the cost of the statement itself.
Object.defineProperty(CompiledSql.prototype, 'queryChunks', {
  get(this: CompiledSql) {
    return CompiledSql.chunksOf(this);
  },
  set() {},
});

/**
 * A statement written as text and bound values, in order, and handed to drizzle as one flat
 * `sql` template. For statements assembled from many parts on every request, such as the
 * limiter's admission: nested `sql` fragments cost a tree of objects per request and a
 * recursive walk to compile it, which measured more than running the statement in SQLite.
 * Values are always bound, never spliced into the text. An `SQL` value made only of text, plain
 * values and such fragments (`sql\`…\``, `sql.raw`) is spliced in as well; any other (a column,
 * a table, an array) is embedded as a fragment for drizzle to compile.
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

  /** A bound value; a `FlatSql` is spliced in (its text and values), an `SQL` too when it can be (see the class). */
  value(value: unknown): this {
    if (value instanceof FlatSql) {
      value.#strings.forEach((text, index) => {
        if (index > 0) this.value(value.#values[index - 1]);
        this.text(text);
      });
      return this;
    }
    if (value instanceof SQL && spliceable(value)) return this.#splice(value);
    return this.#bind(value);
  }

  /** A fragment `spliceable` found plain, its nested fragments spliced without checking them again. */
  #splice(fragment: SQL): this {
    for (const chunk of fragment.queryChunks) {
      if (chunk instanceof StringChunk) this.text(chunk.value.join(''));
      else if (chunk instanceof SQL) this.#splice(chunk);
      else this.#bind(chunk);
    }
    return this;
  }

  #bind(value: unknown): this {
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
    const values = this.#values;
    // Copies: text written to this statement later must not change the one handed out.
    if (values.every(isPlain)) return new CompiledSql([...strings], [...values]);
    return sql(Object.assign(strings, { raw: strings }), ...values);
  }
}

/** A value SQLite binds as it is: drizzle's compiler would treat an object (a fragment, a column, an array) specially. */
function isPlain(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function' && value !== undefined);
}

/** Whether a drizzle fragment is only text, plain values and fragments that are too, as drizzle's compiler would read it plainly. */
function spliceable(fragment: SQL): boolean {
  return fragment.queryChunks.every((chunk) => chunk instanceof StringChunk || (chunk instanceof SQL ? spliceable(chunk) : isPlain(chunk)));
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
