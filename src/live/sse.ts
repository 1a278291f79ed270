import type { Db } from '../db/client';
import type { LiveFeed } from '../http/context';
import { keyedHash } from '../lib/crypto';
import { readLiveTally } from '../reactions/service';
import { LiveHub, type LiveHubOptions } from './hub';

/**
 * Bytes a connection may have queued that the client has not read yet. A tally is a few
 * hundred bytes; past this only the newest tally is kept, so a reader who stopped reading
 * costs at most this plus one message, never a growing backlog.
 */
const QUEUED_BYTES = 4 * 1024;

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(':\n\n');

/**
 * The Node server's live feed: Server-Sent Events from an in-process `LiveHub` fed by the
 * app's vote events. Each connection first gets the article's tally as it is now, then every
 * change (at most one a second), and a comment line every 20 s so proxies keep it open.
 *
 * @example createApp({ ...deps, live: sseLiveFeed({ db, secret }) })
 */
export function sseLiveFeed({ db, secret, ...options }: { db: Db; secret: string } & Omit<LiveHubOptions, 'read'>): LiveFeed & { hub: LiveHub } {
  const hub = new LiveHub({ read: ({ siteId, article }) => readLiveTally({ db, siteId, externalId: article }), ...options });
  return {
    transport: 'sse',
    hub,
    events: hub.sink,
    open: async (c, target) => {
      const first = await readLiveTally({ db, siteId: target.siteId, externalId: target.article });
      const client = await keyedHash(secret, 'live-client', c.var.deps.clientInfo(c).ip);
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      let newest: Uint8Array | null = null;
      const push = (bytes: Uint8Array, droppable: boolean) => {
        if ((controller.desiredSize ?? 0) > 0) controller.enqueue(bytes);
        else if (!droppable) newest = bytes;
      };
      const body = new ReadableStream<Uint8Array>(
        {
          start: (started) => {
            controller = started;
          },
          // The client read what was queued: the newest tally held back goes now.
          pull: () => {
            if (newest) controller.enqueue(newest);
            newest = null;
          },
          cancel: () => leave(),
        },
        new ByteLengthQueuingStrategy({ highWaterMark: QUEUED_BYTES }),
      );
      // Throws (429, 503) before any byte is sent, so a refusal is a plain error answer.
      const leave = hub.subscribe(target, client, {
        send: (json) => push(encoder.encode(`data: ${json}\n\n`), false),
        ping: () => push(HEARTBEAT, true),
        close: () => {
          leave();
          controller.close();
        },
      });
      controller.enqueue(encoder.encode(`data: ${JSON.stringify(first)}\n\n`));
      return c.body(body, 200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        // nginx and similar proxies would otherwise buffer the stream.
        'X-Accel-Buffering': 'no',
      });
    },
  };
}
