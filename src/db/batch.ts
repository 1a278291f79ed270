import type { BatchItem } from './client';
import type { Writer } from './group-commit';

/** Statements by name; `null` leaves an optional statement out (its result is `undefined`). */
export type NamedStatements = Record<string, BatchItem | null>;

/** What each named statement returned, typed by the statement (`db.all<Row>` gives `Row[]`). */
export type NamedResults<Statements extends NamedStatements> = {
  [Name in keyof Statements]: Statements[Name] extends null ? undefined : null extends Statements[Name] ? Awaited<NonNullable<Statements[Name]>> | undefined : Awaited<Statements[Name]>;
};

/**
 * Runs named statements as one atomic `batch` (in the order written, which is the order they
 * see each other's writes) and returns each one's result under its name. A positional batch
 * makes every caller count commas and cast (`as unknown as [unknown[], unknown, Row[]]`) to
 * read its rows, and a statement added in the middle silently shifts every later result;
 * here each result keeps its name and its statement's type.
 *
 * @example
 * const { inserted, state } = await namedBatch(writer, {
 *   inserted: db.all<{ id: number }>(sql`INSERT … RETURNING id`),
 *   prune: maybePrune ?? null,
 *   state: db.all<{ count: number }>(sql`SELECT count …`),
 * });
 */
export async function namedBatch<const Statements extends NamedStatements>(writer: Writer, statements: Statements): Promise<NamedResults<Statements>> {
  const names = Object.keys(statements).filter((name) => statements[name] !== null);
  const items = names.map((name) => statements[name]!);
  const results: Record<string, unknown> = Object.fromEntries(Object.keys(statements).map((name) => [name, undefined]));
  if (items.length === 0) return results as NamedResults<Statements>;
  const answers = await writer.batch(items as [BatchItem, ...BatchItem[]]);
  names.forEach((name, index) => (results[name] = answers[index]));
  return results as NamedResults<Statements>;
}
