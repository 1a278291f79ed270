/** Text shown to readers, in both languages the product speaks. */
export type Localized = { id: string; en: string };

export type Locale = keyof Localized;

/** Every error code the API can answer with, and the HTTP status it maps to. */
export const errorStatus = {
  bad_request: 400,
  invalid_input: 400,
  unauthorized: 401,
  sso_token_invalid: 401,
  sso_token_forged: 401,
  sso_token_wrong_site: 401,
  sso_token_expired: 401,
  sso_token_replayed: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  csrf_failed: 403,
  sso_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  poll_closed: 409,
  comments_closed: 409,
  edit_window_closed: 409,
  payload_too_large: 413,
  /** `GET …/live` on Workers is a WebSocket: the request must ask to upgrade. */
  upgrade_required: 426,
  unsupported_media_type: 415,
  unknown_reaction: 422,
  unprocessable: 422,
  comment_refused: 422,
  sso_not_enabled: 422,
  rules_not_agreed: 422,
  rate_limited: 429,
  /** Past an address's soft ceiling: send a solved challenge as `proof` (src/ratelimit/challenge.ts). */
  challenge_required: 429,
  internal: 500,
  misconfigured: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorDetail = { path: string; message: string };

/** One rate-limit policy's standing, sent as the `RateLimit-*` header fields. */
export type RateQuota = { limit: number; windowSeconds: number; remaining: number; reset: number };

/**
 * A failure the caller can act on. Services throw it; the app's one error handler turns it
 * into `{ error: { code, message, details?, requestId } }` with the status of its code, in
 * the reader's language.
 *
 * @example throw new AppError('poll_closed', { id: 'Jajak pendapat ini sudah ditutup.', en: 'This poll is closed.' })
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly localized: Localized;
  readonly details: ErrorDetail[] | undefined;
  /** Seconds, sent as `Retry-After` on 429 and 503. */
  readonly retryAfter: number | undefined;
  /** The binding rate limit, sent as `RateLimit-*` header fields. */
  readonly quota: RateQuota | undefined;

  constructor(
    code: ErrorCode,
    message: Localized,
    options: { details?: ErrorDetail[]; retryAfter?: number; quota?: RateQuota } = {},
  ) {
    super(message.en);
    this.name = 'AppError';
    this.code = code;
    this.localized = message;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
    this.quota = options.quota;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function notFound(what: Localized): AppError {
  return new AppError('not_found', what);
}
