import type { ReaderExport } from '../readers/schemas';
import type { Target } from './api';
import { call, type CommentError } from './comments/api';

/*
 * Entry of mydata.js, "Data saya": the reader downloads or deletes everything stored under
 * this browser's token. An on-demand chunk, fetched only when a reader opens it from the
 * comment section, so no other reader pays for it.
 */

const texts = {
  id: {
    note: 'Suara, komentar, suka, dan laporan yang tersimpan untuk browser ini.',
    download: 'Unduh data saya',
    erase: 'Hapus data saya',
    none: 'Belum ada data yang tersimpan untuk browser ini.',
    confirm: 'Hapus semua suara, komentar, suka, dan laporan Anda di sini? Ini tidak bisa dibatalkan.',
    erased: (n: number) => `Data Anda sudah dihapus (${n} catatan).`,
    failed: 'Gagal. Periksa koneksi Anda, lalu coba lagi.',
  },
  en: {
    note: 'Votes, comments, likes and reports stored for this browser.',
    download: 'Download my data',
    erase: 'Delete my data',
    none: 'Nothing is stored for this browser yet.',
    confirm: 'Delete all your votes, comments, likes and reports here? This cannot be undone.',
    erased: (n: number) => `Your data has been deleted (${n} ${n == 1 ? 'record' : 'records'}).`,
    failed: 'That did not work. Check your connection and try again.',
  },
};

/**
 * What more.js calls once the chunk has loaded: shows the panel in `panel` for `token` (null
 * when this browser has stored nothing), and calls `erased` after a deletion so the comment
 * section can show the page without the reader's comments.
 */
export type ShowMyData = (panel: HTMLElement, target: Target, token: string | null, erased: () => void) => void;

const show: ShowMyData = (panel, target, token, erased) => {
  const t = texts[target.lang == 'en' ? 'en' : 'id'];
  const element = (tag: string, text: string) => {
    const node = document.createElement(tag);
    node.textContent = text;
    return node;
  };
  const status = element('p', token ? '' : t.none);
  status.className = 'nt';
  status.setAttribute('aria-live', 'polite');
  const fail = (error: CommentError) => (status.textContent = error.message || t.failed);
  const action = (text: string, onclick: () => unknown) => {
    const node = element('button', text) as HTMLButtonElement;
    node.className = 'b';
    node.type = 'button';
    node.disabled = !token;
    node.onclick = onclick;
    return node;
  };

  const download = action(t.download, () =>
    call<ReaderExport>(target, `readers/me/export?reader=${token}`).then((data) => {
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      link.download = 'tanggap-data.json';
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href));
    }, fail),
  );
  const erase = action(t.erase, () => {
    if (!confirm(t.confirm)) return;
    call<{ deleted: Record<string, number> }>(target, 'readers/me', 'DELETE', { reader: token }).then(({ deleted }) => {
      // Everything Tanggap keeps in this browser (the token, the name, edit tokens) goes too.
      try {
        Object.keys(localStorage)
          .filter((key) => key.startsWith('tanggap:'))
          .forEach((key) => localStorage.removeItem(key));
      } catch {
        // storage blocked: there was nothing stored to forget
      }
      download.disabled = erase.disabled = true;
      status.textContent = t.erased(Object.values(deleted).reduce((sum, n) => sum + n, 0));
      erased();
    }, fail);
  });
  panel.replaceChildren(element('p', t.note), download, erase, status);
};

document.dispatchEvent(new CustomEvent('tanggap:mydata', { detail: show }));
