import { describe, expect, it } from 'vitest';
import { optionName, texts, toLang, totalText } from '../../src/widget/text';

describe('reader-facing text', () => {
  it('names a reaction with its percent in the reader language', () => {
    expect(optionName(texts.id, 'Senang', 42)).toBe('Senang, 42 persen');
    expect(optionName(texts.en, 'Happy', 42)).toBe('Happy, 42 percent');
  });

  it('names a reaction by its label alone while results are hidden', () => {
    expect(optionName(texts.id, 'Senang', null)).toBe('Senang');
  });

  it('counts reactions with local digit grouping and English plurals', () => {
    expect(totalText(texts.id, 42)).toBe('42 tanggapan');
    expect(totalText(texts.id, 1234)).toBe('1.234 tanggapan');
    expect(totalText(texts.en, 1)).toBe('1 reaction');
    expect(totalText(texts.en, 1234)).toBe('1,234 reactions');
  });

  it('falls back to Indonesian for anything but "en"', () => {
    expect(toLang('en')).toBe('en');
    expect(toLang('fr')).toBe('id');
    expect(toLang(undefined)).toBe('id');
  });
});
