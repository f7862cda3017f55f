import test from 'ava';
import { join } from 'node:path';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { channelIssuesOf, CONTEXT, described, STORE, writeChannel } from './channel-fixture.ts';

/** A channel whose source is `source` (YAML, from line 3 on). */
const withSource = (source: string): string => `name: adt-feed\nregion: local\n${source}destinations:\n  - store: ${STORE}\n`;

test('an MLLP source needs only a port: loopback, ack on-commit, the listener bounds of plexus.yaml', (t) => {
  const config = loadChannelConfig(writeChannel(withSource('source:\n  mllp: {port: 0}\n')), CONTEXT);
  t.deepEqual(config.source, {
    kind: 'mllp',
    host: '127.0.0.1',
    port: 0,
    ack: 'on-commit',
    tls: null,
    allowPeers: [],
    maxConnections: 100,
    idleTimeoutMs: 300000,
    maxFrameBytes: 10 * 1024 ** 2,
  });
});

test('every key of an MLLP source is read', (t) => {
  const file = writeChannel(
    withSource(`source:
  mllp:
    host: 0.0.0.0
    port: 2575
    ack: none
    maxConnections: 5
    idleTimeoutMs: 1000
    maxFrameBytes: 1MB
    allowPeers: [10.0.0.0/8]
    tls: {cert: c.pem, key: k.pem, ca: ca.pem, requestClientCert: true}
`),
  );
  const folder = join(file, '..');
  t.deepEqual(loadChannelConfig(file, CONTEXT).source, {
    kind: 'mllp',
    host: '0.0.0.0',
    port: 2575,
    ack: 'none',
    tls: { cert: join(folder, 'c.pem'), key: join(folder, 'k.pem'), ca: join(folder, 'ca.pem'), requestClientCert: true },
    allowPeers: ['10.0.0.0/8'],
    maxConnections: 5,
    idleTimeoutMs: 1000,
    maxFrameBytes: 1024 ** 2,
  });
  const source = loadChannelConfig(writeChannel(withSource('source:\n  mllp: {port: 1, ack: on-receipt}\n')), CONTEXT).source;
  t.is(source.kind === 'mllp' && source.ack, 'on-receipt');
});

test('every wrong value of an MLLP source is reported at its key and line', (t) => {
  const issues = channelIssuesOf(
    withSource(`source:
  mllp:
    host: "a b"
    port: 65536
    ack: later
    store: ${STORE}
    maxConnections: 0
    allowPeers: [nobody]
    tls: {cert: c.pem}
`),
  );
  t.deepEqual(described(issues), [
    ['source.mllp.host', 5, 'must be a host name or IP address, such as 127.0.0.1 or 0.0.0.0'],
    ['source.mllp.port', 6, 'must be a port number from 0 to 65535 (got 65536)'],
    ['source.mllp.ack', 7, 'must be one of on-commit, on-receipt, none (got "later")'],
    ['source.mllp.store', 8, 'unknown key; known keys here: host, port, ack, maxConnections, idleTimeoutMs, maxFrameBytes, allowPeers, tls'],
    ['source.mllp.maxConnections', 9, 'must be a whole number greater than 0 (got 0)'],
    ['source.mllp.allowPeers[0]', 10, 'must be an IP address or CIDR range, such as 192.168.1.20 or 10.0.0.0/8 (got "nobody")'],
    ['source.mllp.tls.key', 11, 'required when source.mllp.tls is set: the PEM private key file'],
  ]);
});

test('the source has exactly one known kind: mllp, http, directory or dimse', (t) => {
  t.deepEqual(described(channelIssuesOf(withSource('source:\n  file: {folder: in}\n'))), [['source.file', 4, 'unknown source kind; known kinds: mllp, http, directory, dimse']]);
  t.deepEqual(described(channelIssuesOf(withSource('source: {}\n'))), [['source', 3, 'must have one of the keys mllp, http, directory, dimse']]);
  t.deepEqual(described(channelIssuesOf(withSource('source: mllp\n'))), [['source', 3, 'must be a mapping with one of the keys mllp, http, directory, dimse']]);
  t.deepEqual(described(channelIssuesOf(withSource('source:\n  mllp: {port: 1}\n  port: 2\n'))), [
    ['source.port', 5, 'unknown key; known keys here: mllp, http, directory, dimse'],
  ]);
  t.deepEqual(described(channelIssuesOf(withSource('source:\n  mllp:\n'))), [['source.mllp', 4, 'must be a mapping with the keys host, port, ack, maxConnections, idleTimeoutMs, maxFrameBytes, allowPeers, tls']]);
});

test('an HTTP source takes on-commit or on-receipt and a media type, with defaults', (t) => {
  t.deepEqual(loadChannelConfig(writeChannel(withSource('source:\n  http: {}\n')), CONTEXT).source, { kind: 'http', ack: 'on-commit', contentType: 'application/hl7-v2' });
  t.deepEqual(loadChannelConfig(writeChannel(withSource('source:\n  http:\n')), CONTEXT).source, { kind: 'http', ack: 'on-commit', contentType: 'application/hl7-v2' });
  t.deepEqual(loadChannelConfig(writeChannel(withSource('source:\n  http: {ack: on-receipt, contentType: text/plain}\n')), CONTEXT).source, { kind: 'http', ack: 'on-receipt', contentType: 'text/plain' });
  t.deepEqual(described(channelIssuesOf(withSource('source:\n  http: {ack: none, contentType: plain}\n'))), [
    ['source.http.ack', 4, 'must be on-commit or on-receipt (an HTTP request is always answered)'],
    ['source.http.contentType', 4, 'must be a media type such as application/hl7-v2'],
  ]);
});

test('a directory source needs a path, resolved against the channel file, and has safe defaults', (t) => {
  const source = loadChannelConfig(writeChannel(withSource('source:\n  directory: {path: inbox}\n')), { ...CONTEXT, resolvePath: (p) => `/base/${p}` }).source;
  t.deepEqual(source, { kind: 'directory', path: '/base/inbox', pollIntervalMs: 5000, minAgeMs: 1000, maxFileBytes: 10 * 1024 ** 2, contentType: 'application/hl7-v2' });
  t.deepEqual(described(channelIssuesOf(withSource('source:\n  directory: {pollIntervalMs: 0, minAgeMs: -1, glob: "*"}\n'))), [
    ['source.directory.glob', 4, 'unknown key; known keys here: path, pollIntervalMs, minAgeMs, maxFileBytes, contentType'],
    ['source.directory.path', 4, 'required'],
    ['source.directory.pollIntervalMs', 4, 'must be a whole number greater than 0 (got 0)'],
    ['source.directory.minAgeMs', 4, 'must be a whole number of milliseconds, 0 or more (got -1)'],
  ]);
});

test('plain MLLP open to every peer off loopback is refused; TLS or an allow-list makes it acceptable', (t) => {
  t.deepEqual(described(channelIssuesOf(withSource('source:\n  mllp: {host: 10.1.2.3, port: 2575}\n'))), [
    [
      'source.mllp.host',
      4,
      'plain MLLP open to every peer is refused because source.mllp.host 10.1.2.3 is not a loopback address; ' +
        'set source.mllp.tls (cert and key, best with requestClientCert and ca), or source.mllp.allowPeers, or bind 127.0.0.1',
    ],
  ]);
  t.notThrows(() => loadChannelConfig(writeChannel(withSource('source:\n  mllp: {host: 10.1.2.3, port: 2575, allowPeers: [10.0.0.9]}\n')), CONTEXT));
  t.notThrows(() => loadChannelConfig(writeChannel(withSource('source:\n  mllp: {host: "::1", port: 2575}\n')), CONTEXT));
});
