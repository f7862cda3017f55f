import test from 'ava';
import { watchersOf } from '../../../engine/notifications/notification-watchers.ts';
import { startTestEngine, type TestEngine } from '../../helpers/test-engine.ts';
import { uniqueId } from '../../helpers/test-region.ts';

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine();
});
test.after.always(async () => {
  await engine?.stop();
});

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });

async function newStore(): Promise<{ path: string; name: string }> {
  const project = uniqueId('p');
  const base = `/v1/projects/${project}/locations/local/datasets`;
  await engine.api(`${base}?datasetId=d`, json({}));
  await engine.api(`${base}/d/hl7V2Stores?hl7V2StoreId=s`, json({}));
  return { path: `${base}/d/hl7V2Stores/s`, name: `projects/${project}/locations/local/datasets/d/hl7V2Stores/s` };
}

const ingest = (store: string, type: string) => engine.api(`${store}/messages:ingest`, json({
  message: { data: Buffer.from(`MSH|^~\\&|LAB|NORTH|EHR|HOSP|20240102030405||${type}^A01|${uniqueId('c')}|P|2.5\rPID|1||123^^^H^MR\r`).toString('base64') },
}));

/** Reads a text/event-stream response event by event (comments included, as `: text`). */
function eventReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return async function next(): Promise<string | null> {
    while (!buffered.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) return null;
      buffered += decoder.decode(value, { stream: true });
    }
    const end = buffered.indexOf('\n\n');
    const event = buffered.slice(0, end);
    buffered = buffered.slice(end + 2);
    return event;
  };
}

async function watch(store: string, abort: AbortController, query = '') {
  const response = await engine.api(`${store}:watch${query}`, { signal: abort.signal });
  return { response, next: eventReader(response) };
}

test('a watcher gets one data line per stored message, after its commit, as the notification JSON', async (t) => {
  const store = await newStore();
  const abort = new AbortController();
  const { response, next } = await watch(store.path, abort);
  t.is(response.status, 200);
  t.is(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  t.is(await next(), ': watching');
  const created = await (await ingest(store.path, 'ADT')).json();
  const event = await next();
  t.true(event!.startsWith('data: '));
  const notification = JSON.parse(event!.slice('data: '.length));
  t.deepEqual(notification, { name: created.message.name, attributes: { msgType: 'ADT' }, publishTime: created.message.createTime });
  abort.abort();
});

test('filter keeps to the messages messages.list would return for it', async (t) => {
  const store = await newStore();
  const abort = new AbortController();
  const { next } = await watch(store.path, abort, `?filter=${encodeURIComponent('message_type = "ORU"')}`);
  await next();
  await ingest(store.path, 'ADT');
  const oru = await (await ingest(store.path, 'ORU')).json();
  t.is(JSON.parse((await next())!.slice('data: '.length)).name, oru.message.name);
  abort.abort();
});

test('the client going away ends the watch on the server', async (t) => {
  const store = await newStore();
  const abort = new AbortController();
  const { next } = await watch(store.path, abort);
  await next();
  const watchers = watchersOf(engine.regions.get('local'));
  t.true(watchers.watching(store.name));
  abort.abort();
  for (let i = 0; i < 100 && watchers.watching(store.name); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  t.false(watchers.watching(store.name));
  t.is((await ingest(store.path, 'ADT')).status, 200, 'the store goes on without its watcher');
});

test('watching needs healthcare.hl7V2Messages.list; a bad filter is a 400 naming its position', async (t) => {
  const store = await newStore();
  t.is((await engine.api(`${store.path}:watch`, { key: engine.strangerKey })).status, 403);
  const bad = await engine.api(`${store.path}:watch?filter=${encodeURIComponent('message_type = ')}`);
  t.is(bad.status, 400);
  t.regex((await bad.json()).error.message, /position/);
  t.is((await engine.api(`${store.path.replace('/s', '/missing')}:watch`)).status, 404);
});

test('stopping the engine ends open watches cleanly', async (t) => {
  const own = await startTestEngine();
  const project = uniqueId('p');
  const base = `/v1/projects/${project}/locations/local/datasets`;
  await own.api(`${base}?datasetId=d`, json({}));
  await own.api(`${base}/d/hl7V2Stores?hl7V2StoreId=s`, json({}));
  const response = await own.api(`${base}/d/hl7V2Stores/s:watch`);
  const next = eventReader(response);
  t.is(await next(), ': watching');
  await own.stop();
  t.is(await next(), null, 'the stream ended');
});
