import type { Context } from 'hono';
import type { AppEvent } from '../lib/events';
import { loggableError } from '../lib/log';
import type { AppEnv } from './context';
import { forgetEdgeCopies } from './edge-cache';

/**
 * Hands committed events to the app's sink (the app cache hears them at once, before this
 * returns) and drops the edge copies they made stale. Await it before responding. A
 * subscriber's failure is logged and never turns the reader's successful request into an
 * error; async work outlives the response via `waitUntil` where the runtime has it.
 */
export async function publish<E extends AppEnv>(c: Context<E>, events: readonly AppEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { events: sink, waitUntil, log } = c.var.deps;
  const report = (error: unknown) =>
    log({ level: 'error', msg: 'event subscriber failed', requestId: c.var.requestId, ...loggableError(error) });
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
  await forgetEdgeCopies(c, events).catch(report);
}
