import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, type Localized } from '../lib/errors';
import { type AppEnv, requestedLocale } from './context';
import { setRateLimitHeaders } from './rate-limit';
import { loggableError } from '../lib/log';

function fromHttpException(error: HTTPException): AppError {
  if (error.status === 413) {
    return new AppError('payload_too_large', {
      id: 'Isi permintaan terlalu besar.',
      en: 'Request body too large.',
    });
  }
  if (error.status === 400 && /json/i.test(error.message)) {
    return new AppError('bad_request', {
      id: 'Isi permintaan bukan JSON yang valid.',
      en: 'The request body is not valid JSON.',
    });
  }
  const message: Localized = { id: error.message || 'Permintaan ditolak.', en: error.message || 'Request refused.' };
  if (error.status === 401) return new AppError('unauthorized', message);
  if (error.status === 403) return new AppError('forbidden', message);
  if (error.status === 404) return new AppError('not_found', message);
  return new AppError('bad_request', message);
}

/** Renders any error as the one envelope `{ error: { code, message, details?, requestId } }`. */
export function errorResponse(c: Context<AppEnv>, error: AppError): Response {
  const locale = c.get('locale') ?? requestedLocale(c) ?? 'id';
  if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
  if (error.quota) setRateLimitHeaders(c, error.quota);
  return c.json(
    {
      error: {
        code: error.code,
        message: error.localized[locale],
        ...(error.details ? { details: error.details } : {}),
        requestId: c.get('requestId') ?? 'unknown',
      },
    },
    error.status as 400,
  );
}

/**
 * Any thrown value as the AppError its user sees: an AppError as it is, Hono's HTTP exceptions
 * as their code, and anything else logged once (its name, message and stack through
 * `loggableError`) and answered as `internal`. The JSON API and the dashboard's HTML pages
 * both render what this returns, so every surface logs and classifies failures the same way.
 */
export function knownError<Env extends AppEnv>(c: Context<Env>, error: Error): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) return fromHttpException(error);
  c.var.deps?.log({
    level: 'error',
    msg: 'unhandled error',
    requestId: c.var.requestId,
    method: c.req.method,
    path: new URL(c.req.url).pathname,
    ...loggableError(error),
  });
  return new AppError('internal', {
    id: 'Terjadi kesalahan di server. Silakan coba lagi sebentar lagi.',
    en: 'Something went wrong on the server. Please try again shortly.',
  });
}

/** The app's one error handler: known errors become their status, the rest a logged 500. */
export const onError: ErrorHandler<AppEnv> = (error, c) => errorResponse(c, knownError(c, error));

export const notFound: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(
    c,
    new AppError('not_found', {
      id: `Alamat ${new URL(c.req.url).pathname} tidak ada. Lihat /openapi.json untuk daftar rute.`,
      en: `There is nothing at ${new URL(c.req.url).pathname}. See /openapi.json for the routes.`,
    }),
  );
