import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Markup = HtmlEscapedString | Promise<HtmlEscapedString> | string;

/**
 * Every HTML page the service writes (the demo, the /embed iframe and its no-JS fragment, the
 * production home, the API reference) starts the same way: UTF-8, a mobile viewport, a
 * language and a title. `head` adds what a page needs beyond that (a style, `noindex`).
 *
 * @example htmlDocument({ lang: 'id', title: 'Tanggap', body: html`<h1>Tanggap</h1>` })
 */
export function htmlDocument({ lang, title, head = '', body }: { lang: string; title: Markup; head?: Markup; body: Markup }): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${head}
</head>
<body>
${body}
</body>
</html>`;
}
