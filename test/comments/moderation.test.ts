import { describe, expect, it } from 'vitest';
import { findListedWord, findListedWords, heldReason, readings, screenWords } from '../../src/comments/moderation';
import { defaultBannedWords, defaultSuspectWords } from '../../src/comments/words';
import { defaultSiteSettings, type SiteSettings } from '../../src/sites/schemas';
import { bannedSample, disguiseCorpus, ordinaryComments, suspectSample } from '../fixtures/disguises';

const settings = (overrides: Partial<SiteSettings> = {}): SiteSettings => ({ ...defaultSiteSettings, ...overrides });

describe('word normalisation', () => {
  it.each([
    ['a n j 1 n g', 'anjing'],
    ['anjjjing', 'anjing'],
    ['4nj1ng', 'anjing'],
    ['ANJING!!!', 'anjing'],
    ['a.n.j.i.n.g', 'anjing'],
    ['a-n-j-i-n-g', 'anjing'],
    ['Ánjíng', 'anjing'],
    ['anjingnya', 'anjing'],
    ['b@ngs4ttt', 'bangsat'],
    ['f u c k', 'fuck'],
    ['Fuuuucking', 'fuck'],
    ['sh!t', 'shit'],
    ['k0nt0l', 'kontol'],
  ])('reads %j as containing %j', (text, word) => {
    expect(findListedWord(`dasar ${text} kau`, [...defaultBannedWords, ...defaultSuspectWords])).toBe(word);
  });

  it.each([
    'Laptop ASUS baru',
    'skill issue',
    'Perekonomian Indonesia tumbuh 5 persen',
    'Kelas bahasa Inggris',
    'Saya suka tai chi? Tidak, saya suka yoga.',
    'Harga naik 4,5% di 2026',
    'a b',
  ])('leaves innocent text alone: %j', (text) => {
    expect(findListedWord(text, defaultBannedWords)).toBeNull();
  });

  it('reads a right-to-left override as the screen shows it, and drops invisible characters', () => {
    expect(readings('dasar \u202Etasgnab\u202C kau')).toEqual(['dasar tasgnab kau', 'dasar bangsat kau']);
    expect(readings('ban\u200Bg\u00ADsat\u2060')).toEqual(['bangsat']);
    expect(readings('saya makan nasi')).toEqual(['saya makan nasi']);
  });

  it.each([
    ['b a n g s a t!', 'bangsat'],
    ['b a n g s a t?', 'bangsat'],
    ['bajingannya', 'bajingan'],
    ['dasarbangsat', 'bangsat'],
    ['bang sat', 'bangsat'],
    ['b\u200Ba\u200Bn\u200Bg\u200Bs\u200Ba\u200Bt', 'bangsat'],
    ['ʙangsat', 'bangsat'],
    ['kоntol', 'kontol'],
    ['\u202Etasgnab', 'bangsat'],
  ])('catches %j, which the old filter let through or got wrong', (text, word) => {
    expect(findListedWord(text, defaultBannedWords)).toBe(word);
  });

  it('ships Indonesian and English defaults, and a site list replaces them', () => {
    expect(findListedWord('bangsat', defaultBannedWords)).toBe('bangsat');
    expect(findListedWord('motherfucker', defaultBannedWords)).toBe('motherfucker');
    expect(findListedWord('bangsat', ['sawit'])).toBeNull();
    expect(findListedWord('S4WIT', ['sawit'])).toBe('sawit');
    expect(findListedWord('s a w i t', ['sawit'])).toBe('sawit');
    expect(findListedWord('kelapa sawitnya', ['kelapa sawit'])).toBe('kelapa sawit');
    expect(findListedWord('apa saja', ['', '!!!'])).toBeNull();
  });

  it('answers for each list in one scan as each list alone would, a word in both lists for both', () => {
    const banned = ['sawit', 'kelapa', 'bangsat'];
    const suspect = ['BANGSAT', 'durian', 'kelapa'];
    const texts = ['dasar b@ng-s4t!', 'durian dan kelapa sawit', 'S A W I T', 'artikel yang bagus', 'DURIAN'];
    for (const text of texts) expect(findListedWords(text, [banned, suspect])).toEqual([findListedWord(text, banned), findListedWord(text, suspect)]);
    // The earliest word of each list wins, and each list's own spelling is the answer.
    expect(findListedWords('durian dan kelapa sawit', [banned, suspect])).toEqual(['sawit', 'durian']);
    expect(findListedWords('dasar b@ng-s4t!', [banned, suspect])).toEqual(['bangsat', 'BANGSAT']);
    expect(screenWords('durian', { ...settings(), bannedWords: banned, suspectWords: suspect })).toEqual({ banned: null, suspect: true });
  });
});

/** The share of a corpus `caught` accepts, printed so a run shows the measured rate. */
function measure(label: string, corpus: { text: string }[], caught: (text: string) => boolean): number {
  const hits = corpus.filter(({ text }) => caught(text)).length;
  const rate = hits / corpus.length;
  console.log(`${label}: ${hits} of ${corpus.length} (${(rate * 100).toFixed(1)} %)`);
  return rate;
}

describe('the disguise corpus and the ordinary corpus', () => {
  const banned = disguiseCorpus(bannedSample);
  const suspect = disguiseCorpus(suspectSample);

  it('covers every disguise category with at least 150 spellings of banned words', () => {
    expect(banned.length).toBeGreaterThanOrEqual(150);
    expect(new Set(banned.map(({ category }) => category)).size).toBe(18);
  });

  it('refuses at least 95 % of disguised banned words', () => {
    expect(measure('disguised banned words refused', banned, (text) => findListedWord(text, defaultBannedWords) !== null)).toBeGreaterThanOrEqual(0.95);
  });

  it('holds at least 95 % of disguised suspect words', () => {
    expect(measure('disguised suspect words held', suspect, (text) => screenWords(text, settings()).suspect)).toBeGreaterThanOrEqual(0.95);
  });

  it('holds and refuses none of the ordinary comments', () => {
    const context = { settings: settings(), muted: false, trust: null };
    const stopped = (text: string) => findListedWord(text, defaultBannedWords) !== null || heldReason(text, { ...context, suspect: screenWords(text, settings()).suspect }) !== null;
    expect(ordinaryComments.filter(stopped)).toEqual([]);
    expect(measure('ordinary comments held or refused', ordinaryComments.map((text) => ({ text })), stopped)).toBe(0);
  });
});

describe('held reasons', () => {
  const context = { settings: settings(), suspect: false, muted: false, trust: 'baru' as const };

  it('shows a plain comment at once under post-moderation', () => {
    expect(heldReason('Artikel yang bagus.', context)).toBeNull();
  });

  it('holds suspect words, more than two links, muted readers', () => {
    expect(heldReason('dasar 4nj1ng', { ...context, suspect: screenWords('dasar 4nj1ng', settings()).suspect })).toBe('suspect-word');
    expect(heldReason('https://a.id https://b.id https://c.id', context)).toBe('links');
    expect(heldReason('https://a.id dan https://b.id', context)).toBeNull();
    expect(heldReason('Halo', { ...context, muted: true })).toBe('muted');
  });

  it('holds everything under pre-moderation, and only a baru author under first-comment', () => {
    expect(heldReason('Halo', { ...context, settings: settings({ moderationMode: 'pre' }), trust: 'tepercaya' })).toBe('pre-moderation');
    expect(heldReason('Halo', { ...context, settings: settings({ moderationMode: 'first-comment' }) })).toBe('first-comment');
    expect(heldReason('Halo', { ...context, settings: settings({ moderationMode: 'first-comment' }), trust: 'tepercaya' })).toBeNull();
  });

  it('lets a tepercaya author past suspect words but not past links or a mute', () => {
    const trusted = { ...context, suspect: true, trust: 'tepercaya' as const };
    expect(heldReason('dasar 4nj1ng', trusted)).toBeNull();
    expect(heldReason('dasar 4nj1ng', { ...trusted, muted: true })).toBe('muted');
    expect(heldReason('https://a.id https://b.id https://c.id', trusted)).toBe('links');
  });
});
