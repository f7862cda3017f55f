import test from 'ava';
import type { NatsConnection, Subscription } from 'nats';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';
import { connectTestNats, NATS_URL, natsTest } from '../helpers/test-nats.ts';
import { uniqueId } from '../helpers/test-region.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../connectors/webhook/webhook-receiver.ts';

const SECRET = 'webhook-secret-for-the-tests';
let engine: TestEngine;
let receiver: WebhookReceiver;

test.before(async () => {
  // The receiver fails its first answer: the notification is retried with backoff, then delivered.
  receiver = await startWebhookReceiver(SECRET, [503]);
  engine = await startTestEngine({
    notifications: {
      nats: { url: NATS_URL },
      webhooks: { hook: { url: receiver.url, secret: SECRET } },
      retry: { initialDelayMs: 50, maxDelayMs: 200 },
      pollIntervalMs: 100,
    },
  });
});
test.after.always(async () => {
  await engine?.stop();
  await receiver?.close();
});

const post = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });

async function newStore(project: string, config: Record<string, unknown>): Promise<Response> {
  const base = `/v1/projects/${project}/locations/local/datasets`;
  await engine.api(`${base}?datasetId=d`, post({}));
  return engine.api(`${base}/d/hl7V2Stores?hl7V2StoreId=s`, post(config));
}

async function ingest(project: string, type: string): Promise<{ name: string; createTime: string }> {
  const data = Buffer.from(`MSH|^~\\&|LAB|NORTH|EHR|HOSP|20240102030405||${type}^A01|${uniqueId('c')}|P|2.5\rPID|1||123^^^H^MR\r`).toString('base64');
  const response = await engine.api(`/v1/projects/${project}/locations/local/datasets/d/hl7V2Stores/s/messages:ingest`, post({ message: { data } }));
  if (response.status !== 200) throw new Error(`ingest: ${response.status} ${await response.text()}`);
  return (await response.json()).message;
}

/** The next `count` messages of a subscription, by subject. */
async function take(subscription: Subscription, count: number): Promise<Array<{ subject: string; body: Record<string, unknown> }>> {
  const messages = [];
  for await (const message of subscription) {
    messages.push({ subject: message.subject, body: message.json<Record<string, unknown>>() });
    if (messages.length === count) break;
  }
  return messages;
}

natsTest('stored messages are published to the mapped subjects, filtered per config, and POSTed signed to the webhook', async (t) => {
  const project = uniqueId('p');
  const nats: NatsConnection = await connectTestNats();
  const subscription = nats.subscribe(`projects.${project}.topics.*`);
  await nats.flush();
  t.is((await newStore(project, {
    notificationConfigs: [
      { pubsubTopic: `projects/${project}/topics/all` },
      { pubsubTopic: `projects/${project}/topics/results`, filter: 'message_type = "ORU"' },
      { webhook: 'hook' },
    ],
  })).status, 200);
  const adt = await ingest(project, 'ADT');
  const oru = await ingest(project, 'ORU');
  const published = await take(subscription, 3);
  t.deepEqual(published.map((m) => m.subject).sort(), [`projects.${project}.topics.all`, `projects.${project}.topics.all`, `projects.${project}.topics.results`]);
  t.deepEqual(published.find((m) => m.subject.endsWith('.results'))!.body, { name: oru.name, attributes: { msgType: 'ORU' }, publishTime: oru.createTime });
  t.deepEqual(published.filter((m) => m.subject.endsWith('.all')).map((m) => m.body.name).sort(), [adt.name, oru.name].sort());
  const hooks = await receiver.accepted(2);
  const mine = hooks.filter((h) => h.body.includes(project));
  t.is(mine.length, 2);
  t.true(mine.every((h) => h.signatureValid), 'every webhook body verifies against its signature');
  t.true(receiver.received.length >= 3, 'the 503 was retried');
  await nats.close();
});

natsTest('a subject a JetStream stream covers gets the notification stored in the stream', async (t) => {
  const project = uniqueId('p');
  const nats = await connectTestNats();
  const manager = await nats.jetstreamManager();
  const stream = uniqueId('N').replaceAll('-', '_');
  await manager.streams.add({ name: stream, subjects: [`projects.${project}.topics.>`] });
  try {
    await newStore(project, { notificationConfigs: [{ pubsubTopic: `projects/${project}/topics/adt` }] });
    const adt = await ingest(project, 'ADT');
    let messages = 0;
    for (let i = 0; i < 100 && messages === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      messages = (await manager.streams.info(stream)).state.messages;
    }
    t.is(messages, 1);
    const stored = await manager.streams.getMessage(stream, { seq: 1 });
    t.is(stored.subject, `projects.${project}.topics.adt`);
    t.is(stored.json<{ name: string }>().name, adt.name);
  } finally {
    await manager.streams.delete(stream);
    await nats.close();
  }
});

test('notificationConfigs are checked when the store is written', async (t) => {
  const check = async (config: unknown, message: RegExp) => {
    const response = await newStore(uniqueId('p'), { notificationConfigs: [config] });
    t.is(response.status, 400);
    t.regex((await response.json()).error.message, message);
  };
  await check({ pubsubTopic: 'projects/p/topics/a.b' }, /notificationConfigs\[0\]\.pubsubTopic must be a topic name/);
  await check({ pubsubTopic: 'projects/p/topics/t', filter: 'message_type = ' }, /notificationConfigs\[0\]\.filter: invalid filter at position 16/);
  await check({ filter: 'message_type = ADT' }, /set pubsubTopic, webhook or both/);
  await check({ webhook: 'no spaces allowed' }, /notificationConfigs\[0\]\.webhook must be the name of a webhook/);
});
