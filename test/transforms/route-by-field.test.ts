import test from 'ava';
import { routeByField } from '../../transforms/route/route-by-field.ts';

const message = (facility: string) => Buffer.from(`MSH|^~\\&|LAB|${facility}|PLEXUS|X|20260101||ADT^A01|1|P|2.5\rPID|1`, 'latin1');
const route = routeByField({ by: 'MSH-4.1', regions: { HOSP_EU: 'europe-west4', HOSP_US: 'us-central1' }, otherwise: null, quarantine: 'us-central1' });

test('the field value picks the region', (t) => {
  t.deepEqual(route(message('HOSP_EU^1.2.3^ISO')), { region: 'europe-west4' });
  t.deepEqual(route(message('HOSP_US')), { region: 'us-central1' });
});

test('an unknown value, an empty field or unparseable input is unroutable, with the reason', (t) => {
  t.deepEqual(route(message('CLINIC')), { unroutable: 'MSH-4.1 is "CLINIC", which no region of this channel takes' });
  t.deepEqual(route(message('')), { unroutable: 'MSH-4.1 is "", which no region of this channel takes' });
  t.regex((route(Buffer.from('garbage')) as { unroutable: string }).unroutable, /^the message cannot be parsed to read MSH-4\.1: /);
});

test('object keys of the JavaScript prototype are not regions', (t) => {
  t.deepEqual(route(message('constructor')), { unroutable: 'MSH-4.1 is "constructor", which no region of this channel takes' });
});

test('otherwise catches every other value', (t) => {
  const withDefault = routeByField({ by: 'MSH-4', regions: { A: 'x' }, otherwise: 'y', quarantine: 'x' });
  t.deepEqual(withDefault(message('B')), { region: 'y' });
});
