import type * as v from 'valibot';
import type { readerComplaintsSchema } from '../newsroom/complaints/schemas';
import type { Target } from './api';
import { call } from './comments/api';

type Complaints = v.InferOutput<typeof readerComplaintsSchema>;

const words = {
  id: { heading: 'Pengaduan Anda', comment: 'komentar', open: 'sedang ditinjau, paling lambat', removed: 'ditindak: komentar diturunkan', kept: 'tidak melanggar: komentar tetap tampil' },
  en: { heading: 'Your reports', comment: 'comment', open: 'under review, decided by', removed: 'acted on: comment removed', kept: 'no violation: comment stays up' },
};

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

/** What complaints.js hands more.js. */
export type ShowComplaints = typeof show;

/**
 * Entry of complaints.js: only a reader who has reported a comment from this browser needs it,
 * so more.js loads it (src/widget/chunk.ts) then, and every other reader never downloads it.
 */
document.dispatchEvent(new CustomEvent('tanggap:complaints', { detail: show }));
