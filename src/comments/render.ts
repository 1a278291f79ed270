/**
 * Comments are plain text. These helpers turn a stored body into HTML for every surface that
 * shows one (the iframe page, the no-JS fragment, the newsroom dashboard): everything is
 * escaped, line breaks are kept, and http(s) URLs become links that pass no reputation and no
 * opener. Nothing a reader writes can become markup, so nothing they write can run.
 */

/** http(s) URLs as readers type them; the end is trimmed of sentence punctuation afterwards. */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\\\p{Cc}]+/giu;

const TRAILING_PUNCTUATION = /[.,;:!?'"*_~]+$/;

export type TextSegment = { text: string } | { text: string; href: string };

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for both element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * Drops closing brackets a URL did not open, so "(see https://x.id/a)" links `https://x.id/a`
 * while `https://id.wikipedia.org/wiki/Jakarta_(kota)` keeps its parenthesis.
 */
function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING_PUNCTUATION, '');
    for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}']] as const) {
      if (url.endsWith(close) && url.split(open).length < url.split(close).length) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

/** The body split into plain text and http(s) links, in order; joining every `text` gives the body back. */
export function linkSegments(body: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of body.matchAll(URL_PATTERN)) {
    const start = match.index;
    const url = trimUrl(match[0]);
    let href: string | null = null;
    try {
      const parsed = new URL(url);
      if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname) href = parsed.href;
    } catch {
      href = null;
    }
    if (href === null) continue;
    if (start > last) segments.push({ text: body.slice(last, start) });
    segments.push({ text: url, href });
    last = start + url.length;
  }
  if (last < body.length) segments.push({ text: body.slice(last) });
  return segments;
}

/** How many links a body would render with; moderation holds bodies with too many. */
export function countLinks(body: string): number {
  return linkSegments(body).filter((segment) => 'href' in segment).length;
}

function textToHtml(text: string): string {
  return escapeHtml(text).replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * A comment body as safe HTML: escaped text, `<br>` for line breaks, and
 * `<a href rel="nofollow ugc noopener" target="_blank">` for http(s) URLs.
 *
 * @example renderCommentHtml('Lihat https://kompas.id\n<b>ya</b>')
 * // 'Lihat <a href="https://kompas.id/" rel="nofollow ugc noopener" target="_blank">https://kompas.id</a><br>&lt;b&gt;ya&lt;/b&gt;'
 */
export function renderCommentHtml(body: string): string {
  return linkSegments(body)
    .map((segment) =>
      'href' in segment
        ? `<a href="${escapeHtml(segment.href)}" rel="nofollow ugc noopener" target="_blank">${escapeHtml(segment.text)}</a>`
        : textToHtml(segment.text),
    )
    .join('');
}
