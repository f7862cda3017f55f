import test from 'ava';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { channelIssuesOf, CONTEXT, described, STORE, writeChannel } from './channel-fixture.ts';

const EU_STORE = 'projects/acme/locations/europe-west4/datasets/main/hl7V2Stores/adt';
/** A channel in `region` whose destinations (YAML list items) start on line 6. */
const withDestinations = (items: string, region = 'local'): string => `name: adt-feed\nregion: ${region}\nsource:\n  mllp: {port: 2575}\ndestinations:\n${items}`;

test('destination names default to the kind, then KIND-2, ..., skipping the names written out', (t) => {
  const config = loadChannelConfig(
    writeChannel(
      withDestinations(`  - store: ${STORE}
  - store: ${STORE}
  - store: ${STORE}
    name: store-2
  - mllp: {host: a.example, port: 1}
  - mllp: {host: b.example, port: 2}
    name: b
  - mllp: {host: c.example, port: 3}
`),
    ),
    CONTEXT,
  );
  t.deepEqual(
    config.destinations.map((d) => [d.kind, d.name]),
    [
      ['store', 'store'],
      ['store', 'store-3'],
      ['store', 'store-2'],
      ['mllp', 'mllp'],
      ['mllp', 'b'],
      ['mllp', 'mllp-2'],
    ],
  );
});

test('a store destination must be in the channel region, naming both regions', (t) => {
  t.deepEqual(described(channelIssuesOf(withDestinations(`  - store: ${EU_STORE}\n`))), [
    ['destinations[0].store', 6, "the store is in region europe-west4 but the channel's region is local; a channel writes only to its own region"],
  ]);
  t.deepEqual(loadChannelConfig(writeChannel(withDestinations(`  - store: ${EU_STORE}\n`, 'europe-west4')), CONTEXT).destinations, [
    { kind: 'store', name: 'store', store: EU_STORE },
  ]);
  const unknownRegion = channelIssuesOf(withDestinations(`  - store: ${EU_STORE.replace('europe-west4', 'mars')}\n`));
  t.deepEqual(described(unknownRegion), [['destinations[0].store', 6, 'location mars is not a configured region; configured: local, europe-west4']]);
});

test('every destination problem is reported, names included', (t) => {
  const issues = channelIssuesOf(
    withDestinations(`  - store: projects/acme/locations/local/datasets/main/fhirStores/adt
    name: lab
  - mllp: {host: a.example, port: 1}
    name: lab
  - ftp: {url: x}
  - {name: x}
  - {store: ${STORE}, mllp: {host: a, port: 1}}
  - store
  - mllp: {host: a.example, port: 1}
    name: "bad name"
    color: red
`),
  );
  t.deepEqual(described(issues), [
    ['destinations[0].store', 6, 'must be an HL7v2 store name, projects/{project}/locations/{location}/datasets/{dataset}/hl7V2Stores/{store}'],
    ['destinations[1].name', 9, 'destinations[0] has the same name; destination names are unique in a channel'],
    ['destinations[2].ftp', 10, 'unknown destination kind; known kinds: store, mllp, http, nats, dimse'],
    ['destinations[3]', 11, 'must have one of the keys store, mllp, http, nats, dimse'],
    ['destinations[4]', 12, 'must have only one of the keys store, mllp, http, nats, dimse, not store and mllp'],
    ['destinations[5]', 13, 'must be a mapping with one of the keys store, mllp, http, nats, dimse'],
    ['destinations[6].name', 15, "must be 1 to 256 characters of A-Z, a-z, 0-9, '_', '-' and '.', and not '.' or '..'"],
    ['destinations[6].color', 16, 'unknown key; known keys here: store, mllp, http, nats, dimse, name'],
  ]);
});

test('at least one destination is required', (t) => {
  t.deepEqual(described(channelIssuesOf(withDestinations('  []\n'))), [['destinations', 5, 'at least one destination is required']]);
  t.deepEqual(described(channelIssuesOf(withDestinations('  store: x\n'))), [['destinations', 5, 'must be a list']]);
});

test('http and nats destinations, with their defaults', (t) => {
  const text = withDestinations('  - http: {url: "https://lab.example/in", headers: {Authorization: Bearer x}}\n  - nats: {subject: hl7.adt, jetstream: true}\n') + 'project: acme\n';
  const config = loadChannelConfig(writeChannel(text), CONTEXT);
  const retry = { maxAttempts: 10, initialDelayMs: 1000, maxDelayMs: 300000 };
  t.deepEqual(config.destinations, [
    { kind: 'http', name: 'http', url: 'https://lab.example/in', method: 'POST', headers: { authorization: 'Bearer x' }, timeoutMs: 30000, retry },
    { kind: 'nats', name: 'nats', url: 'nats://127.0.0.1:4222', subject: 'hl7.adt', jetstream: true, timeoutMs: 10000, retry },
  ]);
});

test('wrong http and nats settings are reported at their keys', (t) => {
  const text = withDestinations('  - http: {url: "ftp://x", method: GET, headers: {"bad header": x}}\n  - nats: {url: "http://x", subject: "hl7.*"}\n') + 'project: acme\n';
  t.deepEqual(described(channelIssuesOf(text)).map(([key, , message]) => [key, message]), [
    ['destinations[0].http.url', 'must be an http:// or https:// URL'],
    ['destinations[0].http.method', 'must be POST or PUT'],
    ['destinations[0].http.headers.bad header', 'is not a valid HTTP header name'],
    ['destinations[1].nats.url', 'must be a NATS URL such as nats://127.0.0.1:4222'],
    ['destinations[1].nats.subject', 'must be a NATS subject to publish to, such as hl7.adt (no spaces or wildcards)'],
  ]);
});
