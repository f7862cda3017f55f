import { Readable } from 'node:stream';

/** Start a feed: `send` writes one event, `end` ends the stream. Returns what stops the feed. */
export type EventFeed = (send: (data: unknown) => void, end: () => void) => () => void;

export interface ServerSentEventOptions {
  /** A comment line this often, so that proxies keep the connection and clients notice a dead one. */
  heartbeatMs: number;
  /** A client that lets this much pile up unread is too slow to follow: its stream ends (it may reconnect). */
  maxBufferedBytes: number;
}

/** The response headers of an event stream; `x-accel-buffering` keeps nginx from holding events back. */
export const SERVER_SENT_EVENT_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
} as const;

/**
 * A text/event-stream body: one `data:` line of JSON per event, and heartbeat comments. It
 * opens with a comment so that the client sees the headers at once. The feed stops when
 * the stream closes for any reason: the client went (the HTTP server destroys the body),
 * the feed ended it, or the client fell too far behind.
 */
export function createServerSentEventStream(feed: EventFeed, options: ServerSentEventOptions): Readable {
  const stream = new Readable({ read() {} });
  const write = (text: string) => {
    if (stream.readableLength > options.maxBufferedBytes) stream.destroy();
    else stream.push(text);
  };
  stream.push(': watching\n\n');
  const stop = feed((data) => write(`data: ${JSON.stringify(data)}\n\n`), () => stream.push(null));
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs);
  stream.once('close', () => {
    clearInterval(heartbeat);
    stop();
  });
  return stream;
}
