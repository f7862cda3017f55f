import test from 'ava';
import { createServerSentEventStream, type EventFeed } from '../../../connectors/http/server-sent-event-stream.ts';

/** A feed the test drives: `send` and `end` as the stream gave them, and whether it was stopped. */
function drivenFeed() {
  const state = { send: (_data: unknown) => {}, end: () => {}, stopped: false };
  const feed: EventFeed = (send, end) => {
    state.send = send;
    state.end = end;
    return () => {
      state.stopped = true;
    };
  };
  return { feed, state };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

test('opens with a comment, sends one data line of JSON per event, and stops the feed when it ends', async (t) => {
  const { feed, state } = drivenFeed();
  const stream = createServerSentEventStream(feed, { heartbeatMs: 60_000, maxBufferedBytes: 1024 });
  state.send({ name: 'a', attributes: { msgType: 'ADT' } });
  state.send({ name: 'b\nc' });
  state.end();
  t.is(await readAll(stream), ': watching\n\ndata: {"name":"a","attributes":{"msgType":"ADT"}}\n\ndata: {"name":"b\\nc"}\n\n');
  await new Promise((resolve) => setImmediate(resolve));
  t.true(state.stopped);
});

test('heartbeat comments keep an idle stream alive', async (t) => {
  const { feed, state } = drivenFeed();
  const stream = createServerSentEventStream(feed, { heartbeatMs: 10, maxBufferedBytes: 1024 });
  await new Promise((resolve) => setTimeout(resolve, 45));
  state.end();
  const text = await readAll(stream);
  t.true(text.split(': heartbeat\n\n').length - 1 >= 2, text);
});

test('a client that reads nothing while events pile up is cut off, and the feed stopped', async (t) => {
  const { feed, state } = drivenFeed();
  const stream = createServerSentEventStream(feed, { heartbeatMs: 60_000, maxBufferedBytes: 200 });
  const closed = new Promise((resolve) => stream.once('close', resolve));
  for (let i = 0; i < 20; i++) state.send({ name: `message-${i}` });
  await closed;
  t.true(stream.destroyed);
  t.true(state.stopped);
});

test('destroying the stream (the client went) stops the feed', async (t) => {
  const { feed, state } = drivenFeed();
  const stream = createServerSentEventStream(feed, { heartbeatMs: 60_000, maxBufferedBytes: 1024 });
  stream.destroy();
  await new Promise((resolve) => stream.once('close', resolve));
  t.true(state.stopped);
});
