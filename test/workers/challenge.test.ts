import { describe, expect, it } from 'vitest';
import { createArticle, createSite, updateSiteSettings } from '../helpers/factories';
import { call, db, readerToken } from './helpers';

/** Solves a challenge with WebCrypto, as the widget does (workerd has no node:crypto here). */
async function solve(challenge: { challenge: string; salt: string; maxnumber: number }): Promise<string> {
  for (let number = 0; number <= challenge.maxnumber; number++) {
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(challenge.salt + number)));
    if ([...hash].map((byte) => byte.toString(16).padStart(2, '0')).join('') === challenge.challenge) return btoa(JSON.stringify({ ...challenge, number }));
  }
  throw new Error('unsolvable challenge');
}

describe('the proof-of-work challenge on workerd + D1', () => {
  it('asks an address past its soft ceiling for a proof, admits one vote per proof, refuses a reused one', async () => {
    const site = await createSite(db, { reactionKeys: ['a', 'b'] });
    await updateSiteSettings(db, site.id, { votesPerAddressPerDay: 1 });
    const article = await createArticle(db, site.id);
    const vote = (proof?: string) =>
      call('PUT', `/v1/sites/${site.id}/articles/${article.externalId}/vote`, { reader: readerToken(), reaction: 'a', ...(proof && { proof }) }, { 'cf-connecting-ip': '2001:db8:77::1', 'user-agent': `ua-${Math.random()}` });
    expect((await vote()).status).toBe(200);
    const refused = await vote();
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 429, code: 'challenge_required' });
    const challenge = await call('GET', `/v1/sites/${site.id}/challenge`);
    expect(challenge.body).toMatchObject({ algorithm: 'SHA-256', maxnumber: 50_000 });
    const proof = await solve(challenge.body);
    expect((await vote(proof)).status).toBe(200);
    expect((await vote(proof)).body.error.code).toBe('challenge_required');
    expect((await call('GET', `/v1/sites/${site.id}/articles/${article.externalId}/poll`)).body.total).toBe(2);
  });

  it("refuses a proof spent on one article's object when it comes again on another article", async () => {
    const site = await createSite(db, { reactionKeys: ['a', 'b'] });
    await updateSiteSettings(db, site.id, { votesPerAddressPerDay: 1 });
    const [first, second] = [await createArticle(db, site.id), await createArticle(db, site.id)];
    const vote = (article: string, proof?: string) =>
      call('PUT', `/v1/sites/${site.id}/articles/${article}/vote`, { reader: readerToken(), reaction: 'a', ...(proof && { proof }) }, { 'cf-connecting-ip': '2001:db8:78::1', 'user-agent': `ua-${Math.random()}` });
    expect((await vote(first.externalId)).status).toBe(200);
    const proof = await solve((await call('GET', `/v1/sites/${site.id}/challenge`)).body);
    expect((await vote(first.externalId, proof)).status).toBe(200);
    expect((await vote(second.externalId)).status).toBe(200);
    const reused = await vote(second.externalId, proof);
    expect({ status: reused.status, code: reused.body.error?.code }).toEqual({ status: 429, code: 'challenge_required' });
    const fresh = await solve((await call('GET', `/v1/sites/${site.id}/challenge`)).body);
    expect((await vote(second.externalId, fresh)).status).toBe(200);
    expect((await call('GET', `/v1/sites/${site.id}/articles/${second.externalId}/poll`)).body.total).toBe(2);
  });
});
