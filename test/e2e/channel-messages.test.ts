import test from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

const PROJECT = 'browse';
const STORE = `projects/${PROJECT}/locations/local/datasets/feeds/hl7V2Stores/inbound`;
const CHANNELS = `/v1/projects/${PROJECT}/locations/local/channels`;
const dir = mkdtempSync(join(tmpdir(), 'plexus-channel-messages-'));

let engine: TestEngine;
test.before(async () => {
  const file = join(dir, 'adt.yaml');
  writeFileSync(file, stringify({ name: 'adt', region: 'local', source: { http: {} }, stages: [{ parse: 'hl7v2' }], destinations: [{ store: STORE }] }));
  engine = await startTestEngine({
    bootstrap: { datasets: [{ project: PROJECT, location: 'local', id: 'feeds', stores: [{ type: 'hl7v2', id: 'inbound', config: {} }] }] },
    channels: [file],
  });
});
test.after.always(async () => {
  await engine?.stop();
});

/** A unique prefix per test, so tests share the channel and still see only their own messages. */
const prefix = () => `T${randomBytes(4).toString('hex')}`;

const hl7 = (controlId: string, type = 'ADT^A01', name = 'DOE^JOHN') =>
  Buffer.from(`MSH|^~\\&|LAB|HOSP|PLEXUS|HOSP|20260101120000||${type}|${controlId}|P|2.5\rPID|1||42^^^HOSP^MR||${name}`, 'latin1');

async function send(body: Buffer<ArrayBuffer> | string): Promise<{ status: number; message: string }> {
  const res = await engine.api(`${CHANNELS}/adt:send`, { method: 'POST', body, headers: { 'content-type': 'application/hl7-v2' } });
  const json = await res.json();
  return { status: res.status, message: res.ok ? json.message : json.error.details[0].message };
}

/** A message of the API, or a listing page, or an error: what the tests read of them. */
interface MessageJson {
  name: string;
  controlId: string;
  receiveTime: string;
  destinations: Array<{ response?: string }>;
  raw?: string;
  outputs?: unknown[];
  [field: string]: unknown;
}
interface ListBody {
  messages: MessageJson[];
  nextPageToken?: string;
  error: { status: string; message: string };
}

async function list(filter: string, query: Record<string, string | undefined> = {}, key?: string): Promise<{ status: number; body: ListBody }> {
  const params = new URLSearchParams({ filter });
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, value);
  const res = await engine.api(`${CHANNELS}/adt/messages?${params}`, { key });
  return { status: res.status, body: await res.json() };
}

const controlIds = (body: ListBody): string[] => body.messages.map((m) => m.controlId);

test('a listing is newest first, metadata only, with each destination', async (t) => {
  const p = prefix();
  const sent = [];
  for (let i = 0; i < 3; i++) sent.push(await send(hl7(`${p}-${i}`)));
  const { status, body } = await list(`controlId:"${p}"`);
  t.is(status, 200);
  t.deepEqual(controlIds(body), [`${p}-2`, `${p}-1`, `${p}-0`]);
  const newest = body.messages[0];
  t.is(`projects/${PROJECT}/locations/local/channels/adt/messages/${newest.name.split('/').pop()}`, newest.name);
  t.is(newest.name, sent[2].message);
  t.like(newest, { status: 'TRANSFORMED', messageType: 'ADT^A01', controlId: `${p}-2`, contentType: 'application/hl7-v2', rawKept: true, rawSize: hl7(`${p}-2`).length });
  t.regex(newest.receiveTime, /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/);
  t.deepEqual(newest.destinations, [{ destination: 'store', status: 'SENT', attempts: 1 }]);
  t.false('raw' in newest);
  t.is(body.nextPageToken, undefined);
});

test('pages are stable while messages keep arriving: no message twice, none skipped', async (t) => {
  const p = prefix();
  for (let i = 0; i < 6; i++) await send(hl7(`${p}-${i}`));
  const filter = `controlId:"${p}"`;
  const first = await list(filter, { pageSize: '2' });
  t.deepEqual(controlIds(first.body), [`${p}-5`, `${p}-4`]);
  await Promise.all([0, 1, 2].map((i) => send(hl7(`${p}-late${i}`))));
  const second = await list(filter, { pageSize: '2', pageToken: first.body.nextPageToken });
  await send(hl7(`${p}-later`));
  const third = await list(filter, { pageSize: '2', pageToken: second.body.nextPageToken });
  t.deepEqual([...controlIds(second.body), ...controlIds(third.body)], [`${p}-3`, `${p}-2`, `${p}-1`, `${p}-0`]);
  t.is(third.body.nextPageToken, undefined);
  const fresh = await list(filter, { pageSize: '4' });
  t.deepEqual(controlIds(fresh.body).slice(0, 1), [`${p}-later`]);
  t.is((await list('status = ERROR', { pageToken: first.body.nextPageToken })).status, 400, 'a token is bound to its filter');
});

test('filters: status, messageType, controlId, receiveTime ranges', async (t) => {
  const p = prefix();
  await send(hl7(`${p}-a01`));
  await new Promise((resolve) => setTimeout(resolve, 5));
  const between = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await send(hl7(`${p}-a08`, 'ADT^A08'));
  await send(hl7(`${p}-orm`, 'ORM^O01'));
  const mine = `controlId:"${p}"`;
  t.deepEqual(controlIds((await list(`${mine} AND messageType = "ADT^A08"`)).body), [`${p}-a08`]);
  t.deepEqual(controlIds((await list(`${mine} AND messageType:"ADT"`)).body), [`${p}-a08`, `${p}-a01`]);
  t.deepEqual(controlIds((await list(`${mine} AND messageType != "ADT^A08"`)).body), [`${p}-orm`, `${p}-a01`]);
  t.deepEqual(controlIds((await list(`controlId = "${p}-orm"`)).body), [`${p}-orm`]);
  t.deepEqual(controlIds((await list(`${mine} AND receiveTime >= "${between}"`)).body), [`${p}-orm`, `${p}-a08`]);
  t.deepEqual(controlIds((await list(`${mine} AND receiveTime < "${between}"`)).body), [`${p}-a01`]);
  t.deepEqual(controlIds((await list(`${mine} AND (messageType = "ORM^O01" OR receiveTime <= "${between}")`)).body), [`${p}-orm`, `${p}-a01`]);
  t.deepEqual(controlIds((await list(`${mine} AND status = TRANSFORMED`)).body).length, 3);
  t.deepEqual(controlIds((await list(`${mine} AND status != TRANSFORMED`)).body), []);
});

test('filters: an ERROR keeps its raw bytes and is found by status, content search and destination status', async (t) => {
  const p = prefix();
  const broken = `${p} is not HL7 at all`;
  const refused = await send(broken);
  t.is(refused.status, 400);
  await send(hl7(`${p}-smith`, 'ADT^A01', 'SMITH^JANE'));
  await send(hl7(`${p}-doe`, 'ADT^A01', 'DOE^JOHN'));
  const errors = (await list(`status = "ERROR" AND content:"${p}"`)).body.messages;
  t.is(errors.length, 1);
  t.like(errors[0], { name: refused.message, status: 'ERROR', messageType: '', rawKept: true, rawSize: broken.length, destinations: [] });
  t.regex(String(errors[0].error), /parse/);
  const mine = `content:"${p}-"`;
  t.deepEqual(controlIds((await list(`${mine} AND content:"DOE^JOHN"`)).body), [`${p}-doe`]);
  t.deepEqual(controlIds((await list(`${mine} AND NOT content:"DOE^JOHN"`)).body), [`${p}-smith`]);
  t.deepEqual(controlIds((await list(`${mine} AND destinationStatus = SENT`)).body), [`${p}-doe`, `${p}-smith`]);
  t.deepEqual(controlIds((await list(`${mine} AND destinationStatus = QUEUED`)).body), []);
  t.deepEqual((await list(`content:"${p}" AND destinationStatus = ERROR`)).body.messages ?? [], []);
});

test('a bad filter is a 400 that names the position', async (t) => {
  const cases: [string, RegExp][] = [
    ['status = BOGUS', /^invalid filter at position 10: status is one of RECEIVED, TRANSFORMED, FILTERED, ERROR, found 'BOGUS'$/],
    ['receiveTime >= "yesterday"', /^invalid filter at position 16: receiveTime takes an RFC 3339 timestamp/],
    ['content = "DOE"', /^invalid filter at position 9: '=' does not apply to content; content takes :$/],
    ['destinationStatus != QUEUED', /^invalid filter at position 19: '!=' does not apply to destinationStatus/],
    ['sender = "x"', /^invalid filter at position 1: unknown field 'sender'; fields are status, receiveTime, messageType, controlId, destinationStatus, content$/],
    ['status = ERROR AND (controlId = "x"', /^invalid filter at position 36: expected '\)' to close the '\(' at position 20$/],
  ];
  for (const [filter, message] of cases) {
    const { status, body } = await list(filter);
    t.is(status, 400, filter);
    t.is(body.error.status, 'INVALID_ARGUMENT', filter);
    t.regex(body.error.message, message, filter);
  }
});

test('a channel viewer reads metadata; content (view FULL) needs plexus.channelMessages.getContent', async (t) => {
  const p = prefix();
  const sent = hl7(`${p}-full`);
  const { message } = await send(sent);
  const path = `/v1/${message}`;
  const policy = { policy: { bindings: [{ role: 'roles/plexus.channelViewer', members: ['user:stranger@test.example'] }] } };
  t.is((await engine.api(`/v1/projects/${PROJECT}:setIamPolicy`, { method: 'POST', body: JSON.stringify(policy) })).status, 200);
  const viewer = engine.strangerKey;
  const metadata = await engine.api(path, { key: viewer });
  t.is(metadata.status, 200);
  const basic = await metadata.json();
  t.like(basic, { name: message, controlId: `${p}-full` });
  t.false('raw' in basic);
  t.is((await list(`controlId = "${p}-full"`, {}, viewer)).status, 200);
  const denied = await engine.api(`${path}?view=FULL`, { key: viewer });
  t.is(denied.status, 403);
  t.regex((await denied.json()).error.message, /plexus\.channelMessages\.getContent/);
  const full = await (await engine.api(`${path}?view=FULL`)).json();
  t.deepEqual(Buffer.from(full.raw, 'base64'), sent);
  // A parse stage leaves the content as it is: no output of its own to keep.
  t.deepEqual(full.outputs, []);
  t.regex(full.destinations[0].response, /^projects\/browse\/locations\/local\/datasets\/feeds\/hl7V2Stores\/inbound\/messages\//);
  t.is((await engine.api(`${path}?view=RAW`)).status, 400);
  t.is((await engine.api(`${CHANNELS}/adt/messages/${'0'.repeat(32)}`)).status, 404);
  t.is((await engine.api(`${CHANNELS}/nope/messages`)).status, 404);
  const audited = await waitForAudit(`permission = "plexus.channelMessages.getContent" AND resource = "${message}"`, 2);
  t.deepEqual(audited.map((e) => [e.status, e.principal]).sort(), [[200, 'user:admin@test.example'], [403, 'user:stranger@test.example']]);
});

/** Audit rows are written in batches: wait until `count` match. */
async function waitForAudit(filter: string, count: number): Promise<Array<{ status: number; principal: string }>> {
  let entries: Array<{ status: number; principal: string }> = [];
  for (let i = 0; i < 500 && entries.length < count; i++) {
    const res = await engine.api(`/v1/projects/${PROJECT}/locations/local/auditLogs?${new URLSearchParams({ filter })}`);
    entries = (await res.json()).auditLogs ?? [];
    if (entries.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return entries;
}
