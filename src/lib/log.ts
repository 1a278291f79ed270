/**
 * Where log lines go: one structured object per line. Lines never carry raw IPs, user agents
 * or secrets; unexpected errors pass through `loggableError` first.
 */
export type Log = (line: Record<string, unknown>) => void;

export type LogLevel = 'silent' | 'error' | 'info';

const logs = new WeakMap<object, Log>();

/**
 * Makes `log` where services working on `db` report what they find wrong in stored data
 * (`createApp` does this with the app's log), so such a service can say so without every
 * verb taking a logger.
 */
export function reportTo(db: object, log: Log): void {
  logs.set(db, log);
}

/** The log a service on `db` reports to: the one `reportTo` set, else the console. */
export function logFor(db: object): Log {
  return logs.get(db) ?? consoleLog();
}

/**
 * The one logger every entry uses: JSON lines with a timestamp, errors on stderr and the rest
 * on stdout (Workers Logs and `wrangler tail` pick both up). `level` drops what is below it.
 *
 * @example consoleLog('error')({ level: 'info', msg: 'listening' }) // prints nothing
 */
export function consoleLog(level: LogLevel = 'info'): Log {
  if (level === 'silent') return () => {};
  return (line) => {
    if (level === 'error' && line.level !== 'error') return;
    const text = JSON.stringify({ time: new Date().toISOString(), ...line });
    if (line.level === 'error') console.error(text);
    else console.log(text);
  };
}

/**
 * An unexpected error as a log line may carry it. A failed query's message and stack header
 * list its parameters — reader text, hashes, tokens — so only the SQL and the driver's reason
 * are kept, and the stack keeps only its frames.
 */
export function loggableError(error: unknown): { error: string; stack?: string } {
  if (!(error instanceof Error)) return { error: typeof error };
  const frames = error.stack?.split('\n').filter((line) => /^\s+at /.test(line)).join('\n');
  const failedQuery = error as Error & { query?: unknown; params?: unknown };
  if (typeof failedQuery.query === 'string' && failedQuery.params !== undefined) {
    const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : 'unknown cause';
    return { error: `${error.name}: failed query: ${failedQuery.query} — ${cause}`, ...(frames ? { stack: frames } : {}) };
  }
  return { error: `${error.name}: ${error.message}`, ...(frames ? { stack: frames } : {}) };
}
