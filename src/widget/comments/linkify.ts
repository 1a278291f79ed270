/**
 * A comment body as DOM nodes: text nodes, <br> for line breaks, and links for http(s) URLs
 * with rel="nofollow ugc noopener". Built with textContent only, never innerHTML, so no
 * reader's text can become markup. Mirrors src/comments/render.ts on the server.
 */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\\\p{Cc}]+/giu;

const trimUrl = (candidate: string): string => {
  let url = candidate;
  for (let before = ''; before !== url; ) {
    before = url;
    url = url.replace(/[.,;:!?'"*_~]+$/, '');
    if (url.endsWith(')') && url.split('(').length < url.split(')').length) url = url.slice(0, -1);
  }
  return url;
};

const lines = (text: string): Node[] =>
  text.split(/\r\n|\r|\n/).flatMap((line, i) => (i ? [document.createElement('br'), new Text(line)] : [new Text(line)]));

export function bodyNodes(body: string): Node[] {
  const nodes: Node[] = [];
  let last = 0;
  for (const match of body.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    let href: URL;
    try {
      href = new URL(url);
    } catch {
      continue;
    }
    nodes.push(...lines(body.slice(last, match.index)));
    const a = document.createElement('a');
    a.href = href.href;
    a.rel = 'nofollow ugc noopener';
    a.target = '_blank';
    a.textContent = url;
    nodes.push(a);
    last = match.index! + url.length;
  }
  return [...nodes, ...lines(body.slice(last))];
}
