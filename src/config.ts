import * as v from 'valibot';

const flag = v.pipe(
  v.optional(v.picklist(['1', '0', 'true', 'false', 'yes', 'no', '']), ''),
  v.transform((value) => value === '1' || value === 'true' || value === 'yes'),
);

const secret = v.pipe(
  v.string(),
  v.minLength(32, 'TANGGAP_SECRET must be at least 32 characters (e.g. `openssl rand -base64 48`).'),
);

function milliseconds(name: string) {
  return v.pipe(
    v.string(),
    v.regex(/^\d{1,7}$/, `${name} must be a whole number of milliseconds`),
    v.transform(Number),
    v.minValue(100, `${name} must be at least 100`),
  );
}

/** What the app itself needs, whichever runtime hosts it. */
export type AppConfig = {
  /** Server secret for every keyed hash (reader, network, edit tokens, sessions). */
  secret: string;
  /** `production` turns on Secure cookies by default and forbids generated secrets. */
  production: boolean;
  /** Instance admin key (`TANGGAP_ADMIN_KEY`); may act on every site. */
  adminKey: string | undefined;
  /** Public base URL of this service, when it differs from the request's own origin. */
  publicUrl: string | undefined;
};

export const nodeEnvSchema = v.object({
  NODE_ENV: v.optional(v.string(), 'development'),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '127.0.0.1'),
  PORT: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,5}$/, 'PORT must be a number'), v.transform(Number), v.maxValue(65535)),
    '8787',
  ),
  DATABASE_URL: v.optional(v.pipe(v.string(), v.regex(/^(file:|libsql:|https?:|wss?:)/, 'DATABASE_URL must start with file:, libsql:, http(s): or ws(s):'))),
  DATABASE_AUTH_TOKEN: v.optional(v.string()),
  TANGGAP_SECRET: v.optional(secret),
  TANGGAP_ADMIN_KEY: v.optional(v.pipe(v.string(), v.minLength(24, 'TANGGAP_ADMIN_KEY must be at least 24 characters'))),
  TANGGAP_DATA_DIR: v.optional(v.string(), 'data'),
  PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('PUBLIC_URL must be an absolute URL'))),
  TRUST_PROXY: flag,
  /** Slow-client limits: every header within this time… */
  HEADERS_TIMEOUT_MS: v.optional(milliseconds('HEADERS_TIMEOUT_MS'), '10000'),
  /** …and the whole request, body included, within this one. */
  REQUEST_TIMEOUT_MS: v.optional(milliseconds('REQUEST_TIMEOUT_MS'), '30000'),
  LOG_LEVEL: v.optional(v.picklist(['silent', 'error', 'info']), 'info'),
});

export type NodeEnv = v.InferOutput<typeof nodeEnvSchema>;

export const workerEnvSchema = v.object({
  TANGGAP_SECRET: secret,
  TANGGAP_ADMIN_KEY: v.optional(v.pipe(v.string(), v.minLength(24, 'TANGGAP_ADMIN_KEY must be at least 24 characters'))),
  TURSO_DATABASE_URL: v.optional(v.pipe(v.string(), v.regex(/^(libsql:|https:)/, 'TURSO_DATABASE_URL must start with libsql: or https:'))),
  TURSO_AUTH_TOKEN: v.optional(v.string()),
  PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('PUBLIC_URL must be an absolute URL'))),
  ENVIRONMENT: v.optional(v.string(), 'production'),
});

export type WorkerEnv = v.InferOutput<typeof workerEnvSchema>;

/** Turns valibot issues into one readable line per bad variable, for a fail-closed start. */
export function describeEnvIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const key = issue.path?.map((item) => String(item.key)).join('.') ?? '(env)';
      return `${key}: ${issue.message}`;
    })
    .join('\n');
}
