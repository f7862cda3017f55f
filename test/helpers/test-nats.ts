import test from 'ava';
import { connect as connectTcp } from 'node:net';
import { connect, type NatsConnection, type Subscription } from 'nats';

/** NATS with JetStream, as CI runs it; PLEXUS_TEST_NATS_URL points elsewhere. */
export const NATS_URL = process.env.PLEXUS_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

async function natsReachable(): Promise<boolean> {
  const { hostname, port } = new URL(NATS_URL);
  return new Promise((resolve) => {
    const socket = connectTcp({ host: hostname, port: Number(port || 4222), timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const reachable = await natsReachable();
if (!reachable) console.warn(`NATS is unreachable at ${NATS_URL}: the tests that need it are skipped`);

/** `test` when NATS answers, `test.skip` (with a warning) when it does not. */
export const natsTest = reachable ? test : test.skip;
/** The same for tests that must not run beside the file's others. */
export const natsSerialTest = reachable ? test.serial : test.serial.skip;

/** A client of the test server, for subscribing and managing streams in tests. */
export function connectTestNats(): Promise<NatsConnection> {
  return connect({ servers: NATS_URL, name: 'plexus-tests' });
}

/** The next `count` messages of a subscription, as JSON. */
export async function takeJson(subscription: Subscription, count: number): Promise<Array<Record<string, unknown>>> {
  const messages = [];
  for await (const message of subscription) {
    messages.push(message.json<Record<string, unknown>>());
    if (messages.length === count) break;
  }
  return messages;
}
