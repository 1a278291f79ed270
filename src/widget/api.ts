import type { loadChunk } from './chunk';
import type { Poll } from './types';

/** A failed request: `status` 0 for network errors; `message` is the server's localized text. */
export interface ApiError {
  status: number;
  message?: string;
}

/** Where a widget's poll lives; the fields come straight from the data-* attributes. */
export interface Target {
  base: string;
  site?: string;
  article?: string;
  lang: string;
  url: string;
  title: string;
  /** data-section / data-author: override the page's `<meta>` tags (see metadata.ts). */
  section?: string;
  author?: string;
  /** `articleDetails` of the above, made once per widget and sent with every read and write. */
  details: Record<string, string>;
  /** widget.js's chunk loader, handed to more.js with the target so that it carries no copy. */
  load: typeof loadChunk;
}

/**
 * Empty data-url / data-title (the /embed page without ?url= or ?title=) send nothing: the
 * iframe's own address and title are not the article's.
 */
export const articleDetails = ({ lang, url, title }: Pick<Target, 'lang' | 'url' | 'title'>): Record<string, string> => ({
  lang,
  ...(url && { url }),
  ...(title && { title }),
});

/**
 * Reads the poll: no custom headers, so it stays a CORS simple request with no preflight (one
 * request to render). Rejects on any failure; the poll shows the same retry for all of them.
 */
export const readPoll = (target: Target, reader: string | null): Promise<Poll> =>
  fetch(
    `${target.base}/v1/sites/${target.site}/articles/${encodeURIComponent(target.article!)}/poll?${new URLSearchParams({ ...target.details, ...(reader && { reader }) })}`,
  ).then((response) => (response.ok ? response.json() : Promise.reject(response.status)));
