import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Locale } from '../lib/errors';
import { htmlDocument } from '../http/html-document';
import { renderCommentHtml } from '../comments/render';
import type { Fragment } from './service';

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
  return htmlDocument({
    lang: input.lang,
    title,
    head: html`<meta name="robots" content="noindex">`,
    body: html`<script async src="${input.widgetSrc}" data-site="${input.site}" data-article="${input.article}" data-lang="${input.lang}" data-url="${input.url ?? ''}" data-title="${input.title ?? ''}"${attr('theme', input.theme)}></script>
${input.parentOrigin ? html`<script async src="${input.resizeSrc}" data-parent="${input.parentOrigin}"></script>` : ''}`,
  });
}

const attr = (name: string, value: string | undefined) => (value ? html` data-${raw(name)}="${value}"` : '');

const words = {
  id: {
    total: 'tanggapan',
    hidden: 'Hasil ditampilkan setelah memilih.',
    closed: 'Tanggapan sudah ditutup.',
    comments: 'Komentar pembaca',
    count: (n: number) => `${n.toLocaleString('id')} komentar`,
    newest: (n: number) => `Menampilkan ${n} komentar terbaru.`,
    none: 'Belum ada komentar.',
    replies: (n: number) => `${n.toLocaleString('id')} balasan`,
    commentsClosed: 'Komentar sudah ditutup.',
    verified: 'akun terverifikasi',
    pick: 'Pilihan Redaksi',
  },
  en: {
    total: 'reactions',
    hidden: 'Results are shown after choosing.',
    closed: 'Reactions are closed.',
    comments: "Readers' comments",
    count: (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'comment' : 'comments'}`,
    newest: (n: number) => (n === 1 ? 'Showing the newest comment.' : `Showing the ${n} newest.`),
    none: 'No comments yet.',
    replies: (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'reply' : 'replies'}`,
    commentsClosed: 'Comments are closed.',
    verified: 'verified account',
    pick: "Editor's pick",
  },
} as const;

/** Dates as a newsroom prints them; Western Indonesian Time, where most of the readers are. */
const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'Asia/Jakarta' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Asia/Jakarta' }),
};

function commentsSection(fragment: Fragment) {
  const { poll, comments } = fragment;
  if (comments === null) return '';
  const text = words[poll.lang];
  const count = poll.article.commentCount;
  return html`<section class="tanggap-comments">
<h2>${text.comments} <small>${text.count(count)}</small></h2>
${comments.length === 0
    ? html`<p>${text.none}</p>`
    : html`<ol>
${comments.map((comment) => html`<li><article><header>${comment.picked ? html`<span class="pick">${text.pick}</span> · ` : ''}<strong>${comment.authorName}</strong>${comment.verified ? html` <span class="verified" title="${text.verified}">✓</span>` : ''} · <time datetime="${comment.createdAt}">${dateFormats[poll.lang].format(new Date(comment.createdAt))}</time></header>
<p>${raw(renderCommentHtml(comment.body))}</p>${comment.replyCount > 0 ? html`
<footer>${text.replies(comment.replyCount)}</footer>` : ''}</article></li>
`)}</ol>${count > comments.length ? html`
<p>${text.newest(comments.filter((comment) => !comment.picked).length)}</p>` : ''}`}${poll.article.commentsOpen ? '' : html`
<p>${text.commentsClosed}</p>`}
</section>`;
}

/**
 * The tally and the newest comments as static HTML for readers without JavaScript (and
 * crawlers). Everything from the database goes through `html`'s escaping, and comment bodies
 * through `renderCommentHtml`; percents are shown only when the poll carries them (an
 * after-vote site hides them while the poll is open; see `pollView`).
 */
export function fragmentPage(fragment: Fragment): HtmlEscapedString | Promise<HtmlEscapedString> {
  const { poll } = fragment;
  const text = words[poll.lang];
  const total = poll.total;
  const totalWord = poll.lang === 'en' && total === 1 ? 'reaction' : text.total;
  return htmlDocument({
    lang: poll.lang,
    title: poll.question,
    head: html`<style>body{margin:0;font:16px/1.4 system-ui,sans-serif;color:#1f1f1f;background:#fff}section{padding:1em}h2{margin:0 0 .5em;font-size:1.05em}h2 small{font-weight:normal;color:#5b5f64}ul{display:flex;flex-wrap:wrap;gap:.5em 1.25em;margin:0 0 .5em;padding:0;list-style:none}ol{margin:0 0 .5em;padding:0;list-style:none}ol li{padding:.5em 0;border-top:1px solid #e3e3e3}ol p{margin:.25em 0 0;color:inherit;font-size:1em;overflow-wrap:anywhere}header,footer{font-size:.875em}.pick{font-weight:bold}footer,time{color:#5b5f64}a{color:#0b57d0}p{margin:0;color:#5b5f64;font-size:.875em}@media(prefers-color-scheme:dark){body{color:#e3e3e3;background:#1f1f1f}p,footer,time,h2 small{color:#b4b8bd}ol li{border-color:#444}a{color:#a8c7fa}}</style>`,
    body: html`<section class="tanggap-fragment">
<h2>${poll.question}</h2>
<ul>
${poll.reactions.map((r) => html`<li><span aria-hidden="true">${r.emoji}</span> ${r.label}${r.percent === undefined ? '' : html` <strong>${r.percent}%</strong>`}</li>
`)}</ul>
<p>${total === undefined ? text.hidden : `${total.toLocaleString(poll.lang)} ${totalWord}`}${poll.article.pollOpen ? '' : html` ${text.closed}`}</p>
</section>
${commentsSection(fragment)}`,
  });
}
