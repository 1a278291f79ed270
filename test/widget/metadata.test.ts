import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageDetails } from '../../src/widget/metadata';
import type { Target } from '../../src/widget/api';

/**
 * The page's `<meta>` tags as a stand-in document: `querySelector` answers the selector lists
 * the widget asks (`meta[property="article:x"],meta[name=x]`) with the first matching tag in
 * document order, as a browser does. The e2e poll test reads real pages in Chromium.
 */
function pageWithMeta(tags: { property?: string; name?: string; content: string }[]) {
  vi.stubGlobal('document', {
    querySelector: (selectors: string) => {
      const wanted = selectors.split(',').map((selector) => /^meta\[(property|name)="?([^"\]]+)"?\]$/.exec(selector.trim())!);
      return tags.find((tag) => wanted.some(([, attribute, value]) => tag[attribute as 'property' | 'name'] === value)) ?? null;
    },
  });
}

const target = (overrides: Partial<Target> = {}): Omit<Target, 'load'> => ({
  base: 'https://tanggap.example',
  site: 'demo',
  article: 'a-1',
  lang: 'id',
  url: 'https://news.example/a-1',
  title: 'Judul',
  details: { lang: 'id', url: 'https://news.example/a-1', title: 'Judul' },
  ...overrides,
});

/** What the vote body carries: JSON, which leaves out undefined fields. */
const sent = (details: object) => JSON.parse(JSON.stringify(details));

afterEach(() => vi.unstubAllGlobals());

describe('page metadata for the vote', () => {
  it('reads section, author and publication time (as ISO 8601 UTC) from the page', () => {
    pageWithMeta([
      { property: 'article:section', content: 'Ekonomi' },
      { name: 'author', content: 'Siti Rahma' },
      { property: 'article:published_time', content: '2026-05-01T10:30:00+07:00' },
    ]);
    expect(sent(pageDetails(target()))).toEqual({
      lang: 'id',
      url: 'https://news.example/a-1',
      title: 'Judul',
      section: 'Ekonomi',
      author: 'Siti Rahma',
      publishedAt: '2026-05-01T03:30:00.000Z',
    });
  });

  it('lets data-section and data-author win over the page, and "" send none', () => {
    pageWithMeta([
      { property: 'article:section', content: 'Ekonomi' },
      { property: 'article:author', content: 'Budi' },
    ]);
    const details = sent(pageDetails(target({ section: 'Bisnis', author: '' })));
    expect(details.section).toBe('Bisnis');
    expect(details.author || undefined).toBeUndefined();
  });

  it('sends nothing the page does not give, nor a time it cannot mean', () => {
    pageWithMeta([]);
    expect(sent(pageDetails(target()))).toEqual({ lang: 'id', url: 'https://news.example/a-1', title: 'Judul' });
    for (const content of ['kemarin', '0000-00-00 00:00:00', '1970-01-01T00:00:00Z', '2999-01-01T00:00:00Z']) {
      pageWithMeta([{ property: 'article:published_time', content }]);
      expect({ content, sent: sent(pageDetails(target())) }).not.toHaveProperty('sent.publishedAt');
    }
  });

  it('cuts long values to what the server accepts', () => {
    pageWithMeta([{ property: 'article:section', content: 'x'.repeat(300) }, { name: 'author', content: 'y'.repeat(300) }]);
    const details = sent(pageDetails(target()));
    expect(details.section).toHaveLength(80);
    expect(details.author).toHaveLength(80);
  });
});
