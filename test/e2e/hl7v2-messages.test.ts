import test from 'ava';
import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';
import { uniqueId } from '../helpers/test-region.ts';
import { readFixture, readFixtures } from '../transforms/hl7v2/hl7v2-fixtures.ts';

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine();
});
test.after.always(async () => {
  await engine?.stop();
});

const json = (body: unknown) => ({ body: JSON.stringify(body) });

/** A dataset with one HL7v2 store configured as given; returns the store's path below /v1/. */
async function newStore(config: Record<string, unknown> = {}, timeZone = 'UTC'): Promise<string> {
  const project = uniqueId('p');
  const base = `/v1/projects/${project}/locations/local/datasets`;
  await engine.api(`${base}?datasetId=d`, { method: 'POST', ...json({ timeZone }) });
  const res = await engine.api(`${base}/d/hl7V2Stores?hl7V2StoreId=s`, { method: 'POST', ...json(config) });
  if (res.status !== 200) throw new Error(`store create: ${res.status} ${await res.text()}`);
  return `${base}/d/hl7V2Stores/s`;
}

const message = (controlId: string, extra = '') =>
  Buffer.from(`MSH|^~\\&|LAB|NORTH^1.2.3^ISO|EHR|HOSP|20240102030405||ADT^A01^ADT_A01|${controlId}|P|2.5.1\rPID|1|X99^^^H^PI|${controlId}-MRN^^^H^MR~${controlId}-SSN^^^SSA^SS||Doe^Jane${extra}\r`);

async function ingest(store: string, bytes: Buffer, labels?: Record<string, string>) {
  return engine.api(`${store}/messages:ingest`, { method: 'POST', ...json({ message: { data: bytes.toString('base64'), labels } }) });
}

test('ingest answers the ACK after commit; the message reads back in Google form', async (t) => {
  const store = await newStore();
  const res = await ingest(store, message('CTRL1'), { source: 'lab' });
  t.is(res.status, 200);
  const body = await res.json();
  const ack = parseHl7v2Message(Buffer.from(body.hl7Ack, 'base64'));
  t.is(ack.get('MSA-1'), 'AA');
  t.is(ack.get('MSA-2'), 'CTRL1');
  t.is(ack.get('MSH-5'), 'LAB');
  t.is(body.message.messageType, 'ADT');
  t.is(body.message.sendFacility, 'NORTH');
  t.is(body.message.sendTime, '2024-01-02T03:04:05.000Z');
  t.deepEqual(body.message.patientIds, [{ value: 'X99', type: 'PI' }, { value: 'CTRL1-MRN', type: 'MR' }, { value: 'CTRL1-SSN', type: 'SS' }]);
  t.deepEqual(body.message.labels, { source: 'lab' });
  const name: string = body.message.name;
  t.regex(name, /\/hl7V2Stores\/s\/messages\/[0-9a-f]{32}$/);

  const full = await (await engine.api(`/v1/${name}`)).json();
  t.is(Buffer.from(full.data, 'base64').toString('latin1'), message('CTRL1').toString('latin1'));
  const pid = full.parsedData.segments.find((s: { segmentId: string }) => s.segmentId === 'PID');
  t.is(pid.fields['3[1].1'], 'CTRL1-SSN');
  t.is(pid.fields['5.2'], 'Jane');
  const raw = await (await engine.api(`/v1/${name}?view=RAW_ONLY`)).json();
  t.is(raw.parsedData, undefined);
  t.truthy(raw.data);
  const parsed = await (await engine.api(`/v1/${name}?view=PARSED_ONLY`)).json();
  t.is(parsed.data, undefined);
  t.truthy(parsed.parsedData);
  t.deepEqual(await (await engine.api(`/v1/${name}?view=BASIC`)).json(), { name });
});

test('create returns the Message; patch labels and delete', async (t) => {
  const store = await newStore();
  const res = await engine.api(`${store}/messages`, { method: 'POST', ...json({ message: { data: message('C2').toString('base64') } }) });
  t.is(res.status, 200);
  const created = await res.json();
  t.truthy(created.name);
  const patched = await engine.api(`/v1/${created.name}?updateMask=labels`, { method: 'PATCH', ...json({ labels: { reviewed: 'yes' } }) });
  t.deepEqual((await patched.json()).labels, { reviewed: 'yes' });
  t.is((await engine.api(`/v1/${created.name}`, { method: 'DELETE' })).status, 200);
  t.is((await engine.api(`/v1/${created.name}`)).status, 404);
  t.is((await engine.api(`/v1/${created.name}`, { method: 'DELETE' })).status, 404);
});

test('a duplicate gets the first ACK and no second resource; rejectDuplicateMessage refuses it', async (t) => {
  const lenient = await newStore();
  const first = await (await ingest(lenient, message('DUP'))).json();
  const second = await (await ingest(lenient, message('DUP'))).json();
  t.is(second.message.name, first.message.name);
  t.is(second.hl7Ack, first.hl7Ack);
  const list = await (await engine.api(`${lenient}/messages`)).json();
  t.is(list.hl7V2Messages.length, 1);

  const strict = await newStore({ rejectDuplicateMessage: true });
  t.is((await ingest(strict, message('DUP'))).status, 200);
  const refused = await ingest(strict, message('DUP'));
  t.is(refused.status, 409);
  const error = (await refused.json()).error;
  t.is(error.status, 'ALREADY_EXISTS');
  const nak = parseHl7v2Message(Buffer.from(error.details[0].hl7Nack, 'base64'));
  t.is(nak.get('MSA-1'), 'AE');
  t.is(nak.get('ERR-3.1'), '205');
});

test('an unparseable message is a 400 with the NAK, and nothing is stored', async (t) => {
  const store = await newStore();
  const res = await ingest(store, Buffer.from('MSH|^~\\&|A|B|C|D|2024||ADT^A01|X1|P|2.5\rPID|1|\rBAD-SEGMENT\r\u0000'));
  const garbage = await ingest(store, Buffer.from('this is not HL7'));
  t.is(garbage.status, 400);
  const error = (await garbage.json()).error;
  t.regex(error.message, /cannot be parsed/);
  const nak = parseHl7v2Message(Buffer.from(error.details[0].hl7Nack, 'base64'));
  t.is(nak.get('MSA-1'), 'AR');
  t.true([200, 400].includes(res.status));
  const bad = await engine.api(`${store}/messages:ingest`, { method: 'POST', ...json({ message: { data: 'not base64!' } }) });
  t.is(bad.status, 400);
  const unknown = await engine.api(`${store}/messages:ingest`, { method: 'POST', ...json({ message: { data: 'TVNI', colour: 1 } }) });
  t.regex((await unknown.json()).error.message, /colour/);
});

test('the store parser settings: segment terminator and messages without a header', async (t) => {
  const store = await newStore({ parserConfig: { segmentTerminator: Buffer.from('\n').toString('base64'), allowNullHeader: true } });
  const lf = Buffer.from('MSH|^~\\&|A|LF|C|D|20240101||ORU^R01|LF1|P|2.3\nPID|1||77^^^H^MR\n');
  const stored = await (await ingest(store, lf)).json();
  t.deepEqual(stored.message.patientIds, [{ value: '77', type: 'MR' }]);
  const headerless = await ingest(store, Buffer.from('PID|1||88^^^H^MR\n'));
  t.is(headerless.status, 200);
});

test('every fixture message is ingested, acknowledged and read back byte for byte', async (t) => {
  const store = await newStore();
  for (const fixture of readFixtures()) {
    const res = await ingest(store, fixture.bytes);
    t.is(res.status, 200, fixture.name);
    const body = await res.json();
    const ack = parseHl7v2Message(Buffer.from(body.hl7Ack, 'base64'));
    t.true(['AA', 'CA'].includes(ack.get('MSA-1') ?? ''), fixture.name);
    const back = await (await engine.api(`/v1/${body.message.name}?view=RAW_ONLY`)).json();
    t.true(Buffer.from(back.data, 'base64').equals(readFixture(fixture.name)), fixture.name);
  }
});

test('list with Google filters, ordering and stable pages', async (t) => {
  const store = await newStore({}, 'America/New_York');
  for (let i = 0; i < 6; i++) {
    const bytes = Buffer.from(`MSH|^~\\&|LAB|${i % 2 ? 'NORTH' : 'SOUTH'}|EHR|HOSP|2024010${i + 1}120000||${i < 4 ? 'ADT^A01' : 'ORU^R01'}|L${i}|P|2.5\rPID|1||MRN${i}^^^H^MR\r`);
    await ingest(store, bytes, i === 0 ? { priority: 'high' } : {});
  }
  const names = async (query: string) => {
    const res = await engine.api(`${store}/messages?${query}`);
    t.is(res.status, 200, query);
    return ((await res.json()).hl7V2Messages ?? []).map((m: { name: string }) => m.name);
  };
  const all = await names('');
  t.is(all.length, 6);
  t.is((await names(`filter=${encodeURIComponent('message_type = "ORU"')}`)).length, 2);
  t.is((await names(`filter=${encodeURIComponent('send_facility = "NORTH" AND message_type = "ADT"')}`)).length, 2);
  t.is((await names(`filter=${encodeURIComponent('PatientId("MRN3", "MR")')}`)).length, 1);
  t.is((await names(`filter=${encodeURIComponent('labels.priority = "high"')}`)).length, 1);
  t.is((await names(`filter=${encodeURIComponent('send_date = "2024-01-03"')}`)).length, 1);
  t.is((await names(`filter=${encodeURIComponent('send_time >= "2024-01-04T00:00:00Z"')}`)).length, 3);
  t.deepEqual(await names('orderBy=send_time%20desc'), [...all].reverse());
  const bad = await engine.api(`${store}/messages?filter=${encodeURIComponent('message_type = ')}`);
  t.is(bad.status, 400);
  t.regex((await bad.json()).error.message, /position/);

  const seen: string[] = [];
  let token = '';
  do {
    const page = await (await engine.api(`${store}/messages?pageSize=4${token ? `&pageToken=${token}` : ''}`)).json();
    seen.push(...page.hl7V2Messages.map((m: { name: string }) => m.name));
    token = page.nextPageToken ?? '';
    if (seen.length === 4) await ingest(store, message('LATE'));
  } while (token);
  t.deepEqual(seen.slice(0, 6), all);
  t.is(seen.length, 7);
});
