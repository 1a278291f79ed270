import type { Context } from 'hono';
import type { AppEvent } from '../lib/events';
import { loggableError } from '../lib/log';
import type { AppEnv } from './context';

/**
 * Hands committed events to the app's sink. A subscriber's failure is logged and never turns
 * the reader's successful request into an error; async work outlives the response via
 * `waitUntil` where the runtime has it.
 */
export function publish(c: Context<AppEnv>, events: readonly AppEvent[]): void {
  const { events: sink, waitUntil, log } = c.get('deps');
  if (!sink) return;
  const report = (error: unknown) =>
    log({ level: 'error', msg: 'event subscriber failed', requestId: c.get('requestId'), ...loggableError(error) });
  for (const event of events) {
    try {
      const pending = sink.emit(event);
      if (pending) {
        const settled = pending.catch(report);
        if (waitUntil) waitUntil(c, settled);
      }
    } catch (error) {
      report(error);
    }
  }
}
