import test from 'ava';
import { createServer, connect as connectTcp, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { NatsNotificationTarget } from '../../../connectors/nats/nats-notification-target.ts';
import { uniqueId } from '../../helpers/test-region.ts';
import { connectTestNats, NATS_URL, natsTest } from '../../helpers/test-nats.ts';

const body = '{"name":"projects/p/locations/l/datasets/d/hl7V2Stores/s/messages/1","attributes":{"msgType":"ADT"}}';
const subjectFor = () => `projects.${uniqueId('p')}.topics.t`;

natsTest('without a stream: a core publish, flushed, with the notification id as Nats-Msg-Id', async (t) => {
  const client = await connectTestNats();
  const subject = subjectFor();
  const subscription = client.subscribe(subject, { max: 1 });
  await client.flush();
  const target = new NatsNotificationTarget({ url: NATS_URL, timeoutMs: 2000 });
  t.deepEqual(await target.deliver({ address: subject, body, notificationId: 'n-1' }), { ok: true });
  for await (const message of subscription) {
    t.is(message.string(), body);
    t.is(message.headers?.get('Nats-Msg-Id'), 'n-1');
  }
  await target.close();
  await client.close();
});

natsTest('with a stream on the subject: published through JetStream and acked, a redelivery deduplicated', async (t) => {
  const client = await connectTestNats();
  const manager = await client.jetstreamManager();
  const stream = uniqueId('S').replaceAll('-', '_');
  const subject = subjectFor();
  await manager.streams.add({ name: stream, subjects: [subject] });
  try {
    const target = new NatsNotificationTarget({ url: NATS_URL, timeoutMs: 2000 });
    t.deepEqual(await target.deliver({ address: subject, body, notificationId: 'n-1' }), { ok: true });
    t.deepEqual(await target.deliver({ address: subject, body, notificationId: 'n-1' }), { ok: true });
    t.deepEqual(await target.deliver({ address: subject, body: body.replace('/1"', '/2"'), notificationId: 'n-2' }), { ok: true });
    const info = await manager.streams.info(stream);
    t.is(info.state.messages, 2, 'stored by the stream, the repeated id once');
    const first = await manager.streams.getMessage(stream, { seq: 1 });
    t.is(first.string(), body);
    await target.close();
  } finally {
    await manager.streams.delete(stream);
    await client.close();
  }
});

/** A port nothing listens on yet, and a way to put a TCP relay to NATS on it later. */
async function laterRelayToNats(): Promise<{ url: string; open(): Promise<Server> }> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const nats = new URL(NATS_URL);
  return {
    url: `nats://127.0.0.1:${port}`,
    async open() {
      const relay = createServer((socket) => {
        const upstream = connectTcp({ host: nats.hostname, port: Number(nats.port || 4222) });
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      });
      await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
      return relay;
    },
  };
}

natsTest('an unreachable server is a failure to retry; the next delivery connects once it is back', async (t) => {
  const relay = await laterRelayToNats();
  const target = new NatsNotificationTarget({ url: relay.url, timeoutMs: 1000 });
  const subject = subjectFor();
  const failed = await target.deliver({ address: subject, body, notificationId: 'n-1' });
  t.like(failed, { ok: false, retry: true });
  t.regex((failed as { reason: string }).reason, /cannot connect to NATS/);
  const server = await relay.open();
  const client = await connectTestNats();
  const subscription = client.subscribe(subject, { max: 1 });
  await client.flush();
  t.deepEqual(await target.deliver({ address: subject, body, notificationId: 'n-1' }), { ok: true });
  for await (const message of subscription) t.is(message.string(), body);
  await target.close();
  await client.close();
  server.close();
});

test('a target that never connected closes at once', async (t) => {
  await new NatsNotificationTarget({ url: 'nats://127.0.0.1:1', timeoutMs: 100 }).close();
  t.pass();
});
