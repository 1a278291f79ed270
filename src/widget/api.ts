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
}

/**
 * `choice` undefined reads the poll: no custom headers, so it stays a CORS simple request
 * with no preflight (one request to render). A string votes; null withdraws.
 */
export async function request(target: Target, reader: string | null, choice?: string | null): Promise<Poll> {
  const { lang, url, title } = target;
  const path = `${target.base}/v1/sites/${encodeURIComponent(target.site!)}/articles/${encodeURIComponent(target.article!)}/`;
  const details: Record<string, string> = { lang };
  // Empty data-url / data-title (the /embed page without ?url= or ?title=) send nothing: the
  // iframe's own address and title are not the article's.
  if (choice !== null) {
    if (url) details.url = url;
    if (title) details.title = title;
  }
  if (choice) details.reaction = choice;
  if (reader) details.reader = reader;
  let response: Response;
  try {
    response = await fetch(
      choice === undefined
        ? `${path}poll?${new URLSearchParams(details)}`
        : // lang in the query too: the server localizes error messages before it reads the body
          new Request(`${path}vote?lang=${lang}`, {
            method: choice ? 'PUT' : 'DELETE',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(details),
          }),
    );
  } catch {
    throw { status: 0 } satisfies ApiError;
  }
  const body = (await response.json().catch(() => 0)) as (Poll & { error?: { message?: string } }) | 0;
  if (!response.ok || !body) throw { status: response.status, message: body ? body.error?.message : undefined } satisfies ApiError;
  return body;
}
