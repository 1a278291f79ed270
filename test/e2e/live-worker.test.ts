import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevWorker, startDevWorker } from '../helpers/dev-worker';
import { chromiumAvailable, type Host, launchChromium, startHost } from '../helpers/e2e';
import { twoReadersSeeEachOther } from '../helpers/live';

/**
 * Issue 15's done-when on Workers: the same two readers as on the Node build (live.test.ts),
 * on the Worker `npm run dev:worker` serves (wrangler dev, local D1). Each poll says
 * `live: "ws"`, and the widget follows it over a WebSocket the article's ArticlePoll object
 * accepts with the hibernation API and writes to from its alarm.
 */

describe.skipIf(!chromiumAvailable())('live tallies on the Worker: npm run dev:worker', () => {
  let worker: DevWorker;
  let host: Host;
  let browser: Browser;
  // The local D1 outlives the run, so each run has a site of its own.
  const siteId = `warta-${randomBytes(4).toString('hex')}`;
  const admin = () => ({ authorization: `Bearer ${worker.adminKey()}`, 'content-type': 'application/json' });

  beforeAll(async () => {
    [worker, host, browser] = await Promise.all([startDevWorker(), startHost(), launchChromium()]);
    const created = await fetch(`${worker.url}/v1/newsroom/sites`, {
      method: 'POST',
      headers: admin(),
      body: JSON.stringify({ id: siteId, name: 'Warta Pesisir', origins: [host.origin] }),
    });
    expect(created.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    if (worker) {
      await fetch(`${worker.url}/v1/newsroom/sites/${siteId}`, { method: 'DELETE', headers: admin(), body: JSON.stringify({ confirm: siteId }) });
    }
    await browser?.close();
    await host?.stop();
    await worker?.stop();
  });

  it("a vote by one reader moves the other's bars within two seconds, with no layout shift and no console error", async () => {
    await twoReadersSeeEachOther(browser, host, { api: worker.url, article: 'banjir-pesisir', site: siteId, feed: 101 });
  });
});
