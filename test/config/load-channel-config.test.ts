import test from 'ava';
import { join } from 'node:path';
import type { ChannelConfig } from '../../config/channel-config.ts';
import { ConfigError } from '../../config/config-error.ts';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { channelIssuesOf, CONTEXT, described, MINIMAL, STORE, tempFolder, writeChannel } from './channel-fixture.ts';

const FULL = `name: adt-feed
region: local
project: acme
storage: raw
retention: { days: 30 }
source:
  mllp: { host: 127.0.0.1, port: 2575, ack: on-receipt, tls: {cert: tls/cert.pem, key: tls/key.pem} }
stages:
  - parse: hl7v2
  - filter: { messageType: [ADT^A01, ADT^A04] }
  - filter: { field: PID-3.1, equals: "123" }
  - filter: { field: MSH-4, matches: "^HOSP_" }
  - filter: { field: PV1-2, in: [I, O] }
  - filter: { any: [ {messageType: [ORU^R01]}, { not: { field: MSH-4, equals: TEST } } ] }
destinations:
  - store: ${STORE}
  - mllp: { host: 10.0.0.5, port: 2576, ackTimeoutMs: 20000, retry: { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 60000 }, tls: {ca: ca.pem, cert: /etc/c.pem, key: k.pem} }
    name: lab-forward
`;

test('the full example loads with every key, TLS paths made absolute against the channel folder', (t) => {
  const file = writeChannel(FULL);
  const folder = join(file, '..');
  const expected: ChannelConfig = {
    file,
    name: 'adt-feed',
    project: 'acme',
    region: 'local',
    storage: 'raw',
    retentionDays: 30,
    concurrency: 1,
    route: null,
    alerts: null,
    source: {
      kind: 'mllp',
      host: '127.0.0.1',
      port: 2575,
      ack: 'on-receipt',
      tls: { cert: join(folder, 'tls/cert.pem'), key: join(folder, 'tls/key.pem'), requestClientCert: false },
      allowPeers: [],
      maxConnections: 100,
      idleTimeoutMs: 300000,
      maxFrameBytes: 10 * 1024 ** 2,
    },
    stages: [
      { kind: 'parse', format: 'hl7v2' },
      { kind: 'filter', condition: { kind: 'messageType', types: ['ADT^A01', 'ADT^A04'] } },
      { kind: 'filter', condition: { kind: 'equals', field: 'PID-3.1', value: '123' } },
      { kind: 'filter', condition: { kind: 'matches', field: 'MSH-4', pattern: '^HOSP_' } },
      { kind: 'filter', condition: { kind: 'in', field: 'PV1-2', values: ['I', 'O'] } },
      {
        kind: 'filter',
        condition: {
          kind: 'any',
          conditions: [
            { kind: 'messageType', types: ['ORU^R01'] },
            { kind: 'not', condition: { kind: 'equals', field: 'MSH-4', value: 'TEST' } },
          ],
        },
      },
    ],
    destinations: [
      { kind: 'store', name: 'store', store: STORE },
      {
        kind: 'mllp',
        name: 'lab-forward',
        host: '10.0.0.5',
        port: 2576,
        ackTimeoutMs: 20000,
        retry: { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 60000 },
        tls: { ca: join(folder, 'ca.pem'), cert: '/etc/c.pem', key: join(folder, 'k.pem') },
      },
    ],
  };
  t.deepEqual(loadChannelConfig(file, CONTEXT), expected);
});

test('the defaults: project of the first store, full storage, no retention, no stages', (t) => {
  const config = loadChannelConfig(writeChannel(`${MINIMAL}stages:\nretention:\n`), CONTEXT);
  t.like(config, { name: 'adt-feed', project: 'acme', region: 'local', storage: 'full', retentionDays: null, stages: [] });
  t.deepEqual(config.destinations, [{ kind: 'store', name: 'store', store: STORE }]);
  t.is(loadChannelConfig(writeChannel(`${MINIMAL}retention: {}\n`), CONTEXT).retentionDays, null);
  t.is(loadChannelConfig(writeChannel(`${MINIMAL}project: other\n`), CONTEXT).project, 'other');
});

test('a relative path resolves with context.resolvePath when given', (t) => {
  const text = MINIMAL.replace('{port: 2575}', '{port: 2575, tls: {cert: c.pem, key: k.pem}}');
  const config = loadChannelConfig(writeChannel(text), { ...CONTEXT, resolvePath: (path) => `/base/${path}` });
  t.deepEqual(config.source.kind === 'mllp' && config.source.tls, { cert: '/base/c.pem', key: '/base/k.pem', requestClientCert: false });
});

test('every top-level problem is reported at once, in file order, each with its line', (t) => {
  const issues = channelIssuesOf(`name: "adt feed"
region: mars
project: "a/b"
storage: everything
retention: { days: 0, weeks: 2 }
colour: red
source:
  mllp: {port: 2575}
destinations:
  - store: ${STORE}
`);
  t.deepEqual(described(issues), [
    ['name', 1, "must be 1 to 256 characters of A-Z, a-z, 0-9, '_', '-' and '.', and not '.' or '..'"],
    ['region', 2, 'mars is not a configured region; configured: local, europe-west4'],
    ['project', 3, "must be 1 to 256 characters of A-Z, a-z, 0-9, '_', '-' and '.', and not '.' or '..'"],
    ['storage', 4, 'must be one of full, raw, metadata (got "everything")'],
    ['retention.weeks', 5, 'unknown key; known keys here: days'],
    ['retention.days', 5, 'must be a whole number of days from 1 to 365000 (got 0)'],
    ['colour', 6, 'unknown key; known keys here: name, region, project, storage, retention, concurrency, route, alerts, source, stages, destinations'],
  ]);
});

test('name, region, source and destinations are required', (t) => {
  t.deepEqual(described(channelIssuesOf('storage: full\n')), [
    ['name', null, 'required'],
    ['region', null, 'required'],
    ['source', null, 'required'],
    ['destinations', null, 'required'],
  ]);
  t.deepEqual(described(channelIssuesOf('retention: 30\nstages: parse\n')).slice(4), [
    ['retention', 1, 'must be a mapping'],
    ['stages', 2, 'must be a list'],
  ]);
});

test('with no store destination the project is required; a wrong project is not reported twice', (t) => {
  const mllpOnly = MINIMAL.replace(`store: ${STORE}`, 'mllp: {host: lab.example.org, port: 2576}');
  t.deepEqual(described(channelIssuesOf(mllpOnly)), [
    ['project', null, 'required when no destination is a store: the project whose IAM policy governs the channel'],
  ]);
  t.deepEqual(channelIssuesOf(`${mllpOnly}project: ".."\n`).map((i) => i.key), ['project']);
  t.is(loadChannelConfig(writeChannel(`${mllpOnly}project: lab\n`), CONTEXT).project, 'lab');
});

test('a region name is checked against the configured ones, even when none is', (t) => {
  t.like(channelIssuesOf(MINIMAL, { regionNames: [] }).find((i) => i.key === 'region'), {
    line: 2,
    message: 'local is not a configured region; configured: none',
  });
});

test('YAML syntax errors, a file that is not a mapping, an empty file, a missing file', (t) => {
  t.like(channelIssuesOf('name: a\nname: b\n')[0], { key: '', line: 2, message: 'Map keys must be unique' });
  t.deepEqual(described(channelIssuesOf('- parse: hl7v2\n')), [['', 1, 'the file must be a YAML mapping of keys such as name, region, source and destinations']]);
  t.deepEqual(channelIssuesOf('').map((i) => i.key), ['name', 'region', 'source', 'destinations']);
  const missing = join(tempFolder(), 'none.yaml');
  const error = t.throws(() => loadChannelConfig(missing, CONTEXT), { instanceOf: ConfigError });
  t.deepEqual(error?.issues, [{ key: '', message: 'cannot read the channel file: no such file', file: missing, line: null, env: null }]);
});

test('an issue names the channel file', (t) => {
  const file = writeChannel(MINIMAL.replace('region: local', 'region: mars'));
  const error = t.throws(() => loadChannelConfig(file, CONTEXT), { instanceOf: ConfigError });
  t.like(error?.issues[0], { file, line: 2, key: 'region' });
});
