import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readerToken, testApp } from '../helpers/app';
import { createSite } from '../helpers/factories';
import { invariantViolations } from '../helpers/invariants';

/**
 * Counts a newsroom can trust under concurrency: interleaved vote / change / withdraw by one
 * reader end in the state of the last acknowledged operation, many readers at once give exact
 * counts, and cycling reader tokens from one network cannot move a tally past the cap.
 */

const t = await testApp();
const site = await createSite(t.db, { origins: ['http://localhost:*'], reactionKeys: ['a', 'b', 'c'], settings: { votesPerNetworkPerDay: 1_000_000 } });
const figures = { runs: 0, requests: 0 };
const SLOW = 90_000;

type Operation = { kind: 'vote'; reaction: 'a' | 'b' | 'c' } | { kind: 'withdraw' };
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'c').map((reaction) => ({ kind: 'vote' as const, reaction })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'withdraw' as const }) },
);

let articleCounter = 0;

async function apply(article: string, reader: string, op: Operation, ip: string) {
  figures.requests++;
  const path = `/v1/sites/${site.id}/articles/${article}/vote`;
  const response =
    op.kind === 'vote'
      ? await t.call('PUT', path, { reader, reaction: op.reaction }, { 'x-test-ip': ip })
      : await t.call('DELETE', path, { reader }, { 'x-test-ip': ip });
  expect(response.status).toBe(200);
  return response.body as { choice: string | null; reactions: { key: string; count: number }[] };
}

async function tally(article: string, reader?: string) {
  const query = reader ? `?reader=${reader}` : '';
  const { body } = await t.call('GET', `/v1/sites/${site.id}/articles/${article}/poll${query}`);
  return body as { choice: string | null; total: number; reactions: { key: string; count: number }[] };
}

describe('one reader, many operations', () => {
  it('sequences from many readers running at once: each ends at its last acknowledged operation, counts exact', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(operation, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), async (sequences) => {
        figures.runs++;
        const article = `seq-${articleCounter++}`;
        const readers = sequences.map(() => readerToken());
        // Each reader waits for each acknowledgement before its next operation; readers interleave freely.
        const finals = await Promise.all(
          sequences.map(async (ops, index) => {
            let last: string | null = null;
            for (const op of ops) {
              const acknowledged = await apply(article, readers[index]!, op, `10.1.${index}.1`);
              expect(acknowledged.choice).toBe(op.kind === 'vote' ? op.reaction : null);
              last = acknowledged.choice;
            }
            return last;
          }),
        );
        const expected = { a: 0, b: 0, c: 0 } as Record<string, number>;
        for (const choice of finals) if (choice) expected[choice]!++;
        const poll = await tally(article);
        expect(Object.fromEntries(poll.reactions.map((r) => [r.key, r.count]))).toEqual(expected);
        for (const [index, reader] of readers.entries()) expect((await tally(article, reader)).choice).toBe(finals[index]);
      }),
      { numRuns: 25 },
    );
  }, SLOW);

  it('a burst of concurrent operations by one reader: each answer shows its own operation, the end state is one of them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 2, maxLength: 12 }), async (ops) => {
        figures.runs++;
        const article = `burst-${articleCounter++}`;
        const reader = readerToken();
        const answers = await Promise.all(ops.map((op) => apply(article, reader, op, '10.2.0.1')));
        answers.forEach((answer, index) => {
          const op = ops[index]!;
          expect(answer.choice).toBe(op.kind === 'vote' ? op.reaction : null);
        });
        const final = await tally(article, reader);
        expect(answers.map((answer) => answer.choice)).toContain(final.choice);
        expect(final.total).toBe(final.choice === null ? 0 : 1);
      }),
      { numRuns: 25 },
    );
  }, SLOW);
});

describe('vote stuffing', () => {
  it('a client cycling reader tokens from one network moves the tally by at most the cap', async () => {
    const cap = 5;
    const capped = await createSite(t.db, { origins: ['http://localhost:*'], settings: { votesPerNetworkPerDay: cap } });
    const path = `/v1/sites/${capped.id}/articles/stuffed/vote`;
    const network = { 'x-test-ip': '198.51.100.77', 'user-agent': 'StuffingBot/1.0' };
    const tokens = Array.from({ length: 120 }, () => readerToken());
    const answers = await Promise.all(tokens.map((reader) => t.call('PUT', path, { reader, reaction: 'a' }, network)));
    figures.requests += answers.length;
    const accepted = answers.filter((answer) => answer.status === 200);
    expect(accepted).toHaveLength(cap);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(tokens.length - cap);
    // Admitted tokens switching back and forth do not add to the tally either.
    const admitted = tokens.filter((_, index) => answers[index]!.status === 200);
    await Promise.all(admitted.map((reader) => t.call('PUT', path, { reader, reaction: 'b' }, network)));
    const { body } = await t.call('GET', `/v1/sites/${capped.id}/articles/stuffed/poll`);
    expect(body.total).toBe(cap);
    // Another network is not punished for it.
    const other = await t.call('PUT', path, { reader: readerToken(), reaction: 'a' }, { 'x-test-ip': '198.51.100.78', 'user-agent': 'StuffingBot/1.0' });
    expect(other.status).toBe(200);
  }, SLOW);

  it('leaves the database consistent', async () => {
    expect(await invariantViolations(t.db)).toEqual([]);
  });
});

afterAll(() => {
  console.log(`concurrency: ${figures.runs} generated scenarios, ${figures.requests} write requests, every answer and final state checked against the model`);
});
