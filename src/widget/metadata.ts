import type { Target } from './api';

/**
 * The page's `article:<name>` (Open Graph) or `<meta name=<name>>`, whichever comes first, cut
 * to 80 characters (within the server's limits; the server trims and folds white space).
 */
const meta = (name: string) =>
  document.querySelector<HTMLMetaElement>(`meta[property="article:${name}"],meta[name=${name}]`)?.content.slice(0, 80);

/**
 * What a vote tells the server about its article: `details` plus the page's section, byline
 * and publication time, which fill what the article does not have yet. Read here, in the
 * lazily loaded chunk, because the poll read does without them (widget.js has no bytes to
 * spare). data-section / data-author override the `<meta>` tags; empty values send nothing
 * (the server ignores ""). Page metadata is the CMS's, so it is made to fit rather than
 * trusted to: cut to length, and the publication time sent as ISO 8601 UTC whatever format
 * the page used, only when it is after 1970 and at most a day ahead.
 */
export function pageDetails(target: Pick<Target, 'details' | 'section' | 'author'>): Record<string, string | Date | undefined> {
  const published = new Date(meta('published_time')!);
  return {
    ...target.details,
    section: target.section ?? meta('section'),
    author: target.author ?? meta('author'),
    publishedAt: +published > 0 && +published < Date.now() + 864e5 ? published : undefined,
  };
}
