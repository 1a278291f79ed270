import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Locale } from '../lib/errors';
import type { PollView } from '../reactions/service';

export type EmbedPageInput = {
  site: string;
  article: string;
  lang: Locale;
  theme: string | undefined;
  url: string | undefined;
  title: string | undefined;
  parentOrigin: string | undefined;
  widgetSrc: string;
  resizeSrc: string;
};

/**
 * The page inside the /embed iframe: just the widget, loaded from this origin. With a
 * checked parent origin the widget reports its height to that origin only.
 */
export function embedPage(input: EmbedPageInput): HtmlEscapedString | Promise<HtmlEscapedString> {
  const title = input.lang === 'en' ? 'Reader reactions' : 'Tanggapan pembaca';
  return html`<!doctype html>
<html lang="${input.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
</head>
<body>
<script async src="${input.widgetSrc}" data-site="${input.site}" data-article="${input.article}" data-lang="${input.lang}" data-url="${input.url ?? ''}" data-title="${input.title ?? ''}"${attr('theme', input.theme)}></script>
${input.parentOrigin ? html`<script async src="${input.resizeSrc}" data-parent="${input.parentOrigin}"></script>` : ''}
</body>
</html>`;
}

const attr = (name: string, value: string | undefined) => (value ? html` data-${raw(name)}="${value}"` : '');

const words = {
  id: { total: 'tanggapan', hidden: 'Hasil ditampilkan setelah memilih.', closed: 'Tanggapan sudah ditutup.' },
  en: { total: 'reactions', hidden: 'Results are shown after choosing.', closed: 'Reactions are closed.' },
} as const;

/**
 * The tally as static HTML for readers without JavaScript (and crawlers). Everything from the
 * database goes through `html`'s escaping; percents stay hidden on after-vote sites while the
 * poll is open, as in the widget.
 */
export function fragmentPage(poll: PollView): HtmlEscapedString | Promise<HtmlEscapedString> {
  const text = words[poll.lang];
  const visible = poll.site.resultVisibility === 'always' || !poll.article.pollOpen;
  const total = poll.lang === 'en' && poll.total === 1 ? 'reaction' : text.total;
  return html`<!doctype html>
<html lang="${poll.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${poll.question}</title>
<style>body{margin:0;font:16px/1.4 system-ui,sans-serif;color:#1f1f1f;background:#fff}section{padding:1em}h2{margin:0 0 .5em;font-size:1.05em}ul{display:flex;flex-wrap:wrap;gap:.5em 1.25em;margin:0 0 .5em;padding:0;list-style:none}p{margin:0;color:#5b5f64;font-size:.875em}@media(prefers-color-scheme:dark){body{color:#e3e3e3;background:#1f1f1f}p{color:#b4b8bd}}</style>
</head>
<body>
<section class="tanggap-fragment">
<h2>${poll.question}</h2>
<ul>
${poll.reactions.map((r) => html`<li><span aria-hidden="true">${r.emoji}</span> ${r.label}${visible ? html` <strong>${r.percent}%</strong>` : ''}</li>
`)}</ul>
<p>${visible ? `${poll.total.toLocaleString(poll.lang)} ${total}` : text.hidden}${poll.article.pollOpen ? '' : html` ${text.closed}`}</p>
</section>
</body>
</html>`;
}
