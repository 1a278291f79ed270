import { describe, expect, it } from 'vitest';
import { countLinks, escapeHtml, linkSegments, renderCommentHtml } from '../../src/comments/render';

describe('renderCommentHtml', () => {
  it('escapes every character that could open markup or leave an attribute', () => {
    expect(renderCommentHtml(`<script>alert(1)</script> & "x" 'y' \`z\``)).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39; &#96;z&#96;',
    );
  });

  it('keeps line breaks as <br>, whichever convention the text uses', () => {
    expect(renderCommentHtml('satu\ndua\r\ntiga\rempat')).toBe('satu<br>dua<br>tiga<br>empat');
  });

  it('links http(s) URLs with nofollow ugc noopener and nothing else', () => {
    expect(renderCommentHtml('Lihat https://kompas.id/a?b=1&c=2.')).toBe(
      'Lihat <a href="https://kompas.id/a?b=1&amp;c=2" rel="nofollow ugc noopener" target="_blank">https://kompas.id/a?b=1&amp;c=2</a>.',
    );
    expect(renderCommentHtml('javascript:alert(1) data:text/html,x ftp://x.id')).not.toContain('<a');
    expect(renderCommentHtml('![x](https://x.id/a.png)')).toBe(
      '![x](<a href="https://x.id/a.png" rel="nofollow ugc noopener" target="_blank">https://x.id/a.png</a>)',
    );
  });

  it('cannot be talked out of the href attribute', () => {
    const html = renderCommentHtml('https://x.id/"onmouseover="alert(1) https://x.id/<img>');
    expect(html).not.toMatch(/"\s*onmouseover=/);
    expect(html).not.toContain('<img');
  });

  it('keeps balanced parentheses in a URL and drops an unbalanced closing one', () => {
    expect(linkSegments('(lihat https://id.wikipedia.org/wiki/Jakarta_(kota))')).toEqual([
      { text: '(lihat ' },
      { text: 'https://id.wikipedia.org/wiki/Jakarta_(kota)', href: 'https://id.wikipedia.org/wiki/Jakarta_(kota)' },
      { text: ')' },
    ]);
  });

  it('gives the body back when its segments are joined, and counts links', () => {
    const body = 'a https://a.id b http://b.id/x, c';
    expect(linkSegments(body).map((segment) => segment.text).join('')).toBe(body);
    expect(countLinks(body)).toBe(2);
    expect(escapeHtml('&')).toBe('&amp;');
  });
});
