import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { votes } from '../../src/db/schema';
import { loggableError } from '../../src/lib/log';
import { hashReaderToken } from '../../src/readers/service';
import { readerToken, TEST_SECRET, testApp } from '../helpers/app';

/**
 * Log lines go to whatever the operator ships logs to, so they must never carry what the
 * database itself refuses to keep: raw addresses, user agents, reader tokens, secrets,
 * credentials — nor the parameters of a failed query. The test makes the app log (by breaking
 * its database under it) while sending all of those, then reads every line.
 */

const RAW_IP = '192.0.2.123';
const RAW_IPV6 = '2001:db8::beef';
const USER_AGENT = 'LogProbe/9.9 (very identifying)';
const ADMIN_KEY = 'admin-key-that-must-never-be-logged-0123456789';
const SESSION = 'session-cookie-value-never-logged';
const BEARER = 'bearer-token-never-logged-abcdef';

describe('log lines', () => {
  it('carry no raw IP, user agent, reader token, secret, credential or query parameter', async () => {
    const t = await testApp({ config: { adminKey: ADMIN_KEY } });
    const reader = readerToken();
    const headers = (ip: string) => ({
      'x-test-ip': ip,
      'x-forwarded-for': ip,
      'user-agent': USER_AGENT,
      cookie: `tanggap_session=${SESSION}`,
      authorization: `Bearer ${BEARER}`,
      'x-api-key': ADMIN_KEY,
    });

    // Healthy requests of every kind first, then the same with the votes table gone.
    await t.call('GET', `/v1/sites/demo/articles/logs-1/poll?reader=${reader}`, undefined, headers(RAW_IP));
    await t.call('PUT', '/v1/sites/demo/articles/logs-1/vote', { reader, reaction: 'senang', title: 'Judul' }, headers(RAW_IP));
    await t.call('PUT', '/v1/sites/demo/articles/logs-1/vote', { reader, reaction: 'tidak-ada' }, headers(RAW_IPV6));
    await t.call('GET', '/nothing', undefined, headers(RAW_IP));
    await t.db.run(sql`DROP TABLE votes`);
    const failed = [
      await t.call('PUT', '/v1/sites/demo/articles/logs-1/vote', { reader, reaction: 'marah' }, headers(RAW_IP)),
      await t.call('GET', `/v1/sites/demo/articles/logs-1/poll?reader=${reader}`, undefined, headers(RAW_IPV6)),
      await t.call('DELETE', '/v1/sites/demo/articles/logs-1/vote', { reader }, headers(RAW_IP)),
    ];
    expect(failed.map((response) => response.status)).toEqual([500, 500, 500]);
    expect(failed.every((response) => response.body.error.code === 'internal')).toBe(true);
    expect(JSON.stringify(failed)).not.toContain('votes');

    expect(t.logs.length).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(t.logs);
    const readerHash = await hashReaderToken(TEST_SECRET, reader);
    for (const secret of [RAW_IP, RAW_IPV6, USER_AGENT, reader, readerHash, TEST_SECRET, ADMIN_KEY, SESSION, BEARER]) {
      expect(text, `a log line contains ${secret}`).not.toContain(secret);
    }
    expect(text).toContain('no such table: votes');
    expect(t.logs.every((line) => typeof line.requestId === 'string')).toBe(true);
  });

  it('keep the SQL and the driver\'s reason of a failed query but never its parameters', async () => {
    const t = await testApp();
    await t.db.run(sql`DROP TABLE votes`);
    const secret = 'a-parameter-value-that-must-not-be-logged';
    const error = await t.db.select().from(votes).where(eq(votes.readerHash, secret)).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toContain(secret);
    const line = JSON.stringify(loggableError(error));
    expect(line).not.toContain(secret);
    expect(line).toContain('no such table: votes');
    expect(line).toContain('from \\"votes\\"');
  });
});
