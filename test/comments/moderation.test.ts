import { describe, expect, it } from 'vitest';
import { findListedWord, heldReason, normalizedWords } from '../../src/comments/moderation';
import { defaultBannedWords, defaultSuspectWords } from '../../src/comments/words';
import { defaultSiteSettings, type SiteSettings } from '../../src/sites/schemas';

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

  it('joins runs of single letters but keeps words apart', () => {
    expect(normalizedWords('a n j 1 n g itu')).toContain('anjing');
    expect(normalizedWords('saya makan nasi')).toEqual(['saya', 'makan', 'nasi']);
  });

  it('ships Indonesian and English defaults, and a site list replaces them', () => {
    expect(findListedWord('bangsat', defaultBannedWords)).toBe('bangsat');
    expect(findListedWord('motherfucker', defaultBannedWords)).toBe('motherfucker');
    expect(findListedWord('bangsat', ['sawit'])).toBeNull();
    expect(findListedWord('S4WIT', ['sawit'])).toBe('sawit');
  });
});

describe('held reasons', () => {
  const context = { settings: settings(), muted: false, hasApprovedComment: false };

  it('shows a plain comment at once under post-moderation', () => {
    expect(heldReason('Artikel yang bagus.', context)).toBeNull();
  });

  it('holds suspect words, more than two links, muted readers', () => {
    expect(heldReason('dasar 4nj1ng', context)).toBe('suspect-word');
    expect(heldReason('https://a.id https://b.id https://c.id', context)).toBe('links');
    expect(heldReason('https://a.id dan https://b.id', context)).toBeNull();
    expect(heldReason('Halo', { ...context, muted: true })).toBe('muted');
  });

  it('holds everything under pre-moderation, and only a first comment under first-comment', () => {
    expect(heldReason('Halo', { ...context, settings: settings({ moderationMode: 'pre' }), hasApprovedComment: true })).toBe('pre-moderation');
    expect(heldReason('Halo', { ...context, settings: settings({ moderationMode: 'first-comment' }) })).toBe('first-comment');
    expect(heldReason('Halo', { ...context, settings: settings({ moderationMode: 'first-comment' }), hasApprovedComment: true })).toBeNull();
  });
});
