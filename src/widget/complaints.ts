import type * as v from 'valibot';
import type { readerComplaintsSchema } from '../newsroom/complaints/schemas';
import type { Target } from './api';
import { call, type CommentError } from './comments/api';
import { COMPLAINTS_KEY, store } from './reader';

type Complaints = v.InferOutput<typeof readerComplaintsSchema>;

const words = {
  id: {
    heading: 'Pengaduan Anda',
    comment: 'komentar',
    open: 'sedang ditinjau, paling lambat',
    removed: 'ditindak: komentar diturunkan',
    kept: 'tidak melanggar: komentar tetap tampil',
    reasons: ['Spam', 'Kasar', 'Di luar topik', 'Informasi keliru'],
    filed: 'Laporan diterima. Terima kasih.',
  },
  en: {
    heading: 'Your reports',
    comment: 'comment',
    open: 'under review, decided by',
    removed: 'acted on: comment removed',
    kept: 'no violation: comment stays up',
    reasons: ['Spam', 'Abusive', 'Off-topic', 'Misinformation'],
    filed: 'Report received. Thank you.',
  },
};

/** The reasons a reader can give, in the order of `words[lang].reasons`. */
const REASONS = ['spam', 'abuse', 'off-topic', 'misinformation'];

/** At most this many of the reader's newest complaints are listed. */
const SHOWN = 3;

/**
 * Lists the reader's newest complaints and what became of them in `line`: under review with its
 * due time, or the decision with its reason and the moderator's note. Text only, through
 * textContent. Fails silently: the comment section works without it.
 */
const show = async (target: Target, line: HTMLElement, reader: string) => {
  const { complaints } = await call<Complaints>(target, `readers/me/complaints?reader=${reader}`).catch(() => ({ complaints: [] }));
  const w = words[target.lang === 'en' ? 'en' : 'id'];
  const items = complaints.slice(0, SHOWN).map((complaint) => {
    const item = document.createElement('li');
    const outcome =
      complaint.outcome === 'open'
        ? `${w.open} ${new Date(complaint.dueAt).toLocaleString(target.lang, { dateStyle: 'medium', timeStyle: 'short' })}`
        : `${w[complaint.outcome]}${complaint.reason ? ` (${complaint.reason.label})` : ''}${complaint.note ? ` — ${complaint.note}` : ''}`;
    item.textContent = `${w.comment} #${complaint.commentId}: ${outcome}`;
    return item;
  });
  if (items.length === 0) return line.replaceChildren();
  const list = document.createElement('ul');
  list.replaceChildren(...items);
  line.replaceChildren(`${w.heading}:`, list);
};

/**
 * A reader pressed "Laporkan" under comment `commentId`: `line` (which held that button) shows
 * the reasons and a send button labelled `label`; once the report is accepted, a thank-you, and
 * this browser remembers that it has reported, so its next page views `show` the outcomes.
 * `failed` shows a refusal (the server's message) and leaves the choice in place to try again.
 */
const file = (target: Target, line: HTMLElement, commentId: number, label: string, reader: () => string, failed: (error: CommentError) => void) => {
  const w = words[target.lang === 'en' ? 'en' : 'id'];
  const reason = document.createElement('select');
  reason.setAttribute('aria-label', label);
  reason.replaceChildren(...REASONS.map((value, i) => new Option(w.reasons[i], value)));
  const send = Object.assign(document.createElement('button'), { className: 'b', type: 'button', textContent: label });
  send.onclick = () =>
    call(target, `comments/${commentId}/reports`, 'POST', { reader: reader(), reason: reason.value }).then(() => {
      line.replaceChildren(w.filed);
      store(COMPLAINTS_KEY, '1');
    }, failed);
  line.replaceChildren(reason, send);
  reason.focus();
};

/** What complaints.js hands more.js. */
export type ComplaintsChunk = { show: typeof show; file: typeof file };

/**
 * Entry of complaints.js, the reader's own reports: filing one, and what became of them. Only a
 * reader who reports a comment, or has reported one from this browser, needs it, so more.js
 * loads it (src/widget/chunk.ts) then, and every other reader never downloads it.
 */
document.dispatchEvent(new CustomEvent('tanggap:complaints', { detail: { show, file } satisfies ComplaintsChunk }));
