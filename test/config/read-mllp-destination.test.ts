import test from 'ava';
import { join } from 'node:path';
import type { MllpDestinationConfig } from '../../config/channel-config.ts';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { channelIssuesOf, CONTEXT, described, STORE, writeChannel } from './channel-fixture.ts';

/** A channel whose second destination is `- mllp: SETTINGS` (line 7 and on). */
const withMllp = (settings: string): string =>
  `name: adt-feed\nregion: local\nsource:\n  mllp: {port: 2575}\ndestinations:\n  - store: ${STORE}\n  - mllp: ${settings}`;
const mllpOf = (settings: string): { file: string; destination: MllpDestinationConfig } => {
  const file = writeChannel(withMllp(settings));
  return { file, destination: loadChannelConfig(file, CONTEXT).destinations[1] as MllpDestinationConfig };
};

test('an MLLP destination needs host and port: plain TCP, a 30 s ACK timeout, 10 attempts backing off from 1 s to 5 min', (t) => {
  t.deepEqual(mllpOf('{host: lab.example.org, port: 0}\n').destination, {
    kind: 'mllp',
    name: 'mllp',
    host: 'lab.example.org',
    port: 0,
    tls: null,
    ackTimeoutMs: 30000,
    retry: { maxAttempts: 10, initialDelayMs: 1000, maxDelayMs: 300000 },
  });
  t.deepEqual(mllpOf('{host: a, port: 1, retry: {initialDelayMs: 600000}}\n').destination.retry, { maxAttempts: 10, initialDelayMs: 600000, maxDelayMs: 600000 });
});

test('tls: {} trusts the system CAs; ca, cert and key are paths made absolute', (t) => {
  t.deepEqual(mllpOf('{host: a, port: 1, tls: {}}\n').destination.tls, { ca: null, cert: null, key: null });
  t.is(mllpOf('{host: a, port: 1, tls: null}\n').destination.tls, null);
  const { file, destination } = mllpOf('{host: a, port: 1, tls: {ca: ca.pem, cert: /etc/c.pem, key: k.pem}}\n');
  t.deepEqual(destination.tls, { ca: join(file, '../ca.pem'), cert: '/etc/c.pem', key: join(file, '../k.pem') });
});

test('every wrong value of an MLLP destination is reported at its key and line', (t) => {
  const issues = channelIssuesOf(
    withMllp(`
      host: lab/1
      port: -1
      ackTimeoutMs: 0
      retry: {maxAttempts: 0, initialDelayMs: 1.5, backoff: 2}
      tls: {cert: c.pem, pin: x}
      ack: on-commit
  - mllp: {retry: {initialDelayMs: 5000, maxDelayMs: 1000}, tls: {key: k.pem}}
  - mllp: {host: a, port: 1, retry: [1], tls: yes}
`),
  );
  t.deepEqual(described(issues), [
    ['destinations[1].mllp.host', 8, 'must be a host name or IP address, such as lab.example.org or 10.0.0.5'],
    ['destinations[1].mllp.port', 9, 'must be a port number from 0 to 65535 (got -1)'],
    ['destinations[1].mllp.ackTimeoutMs', 10, 'must be a whole number greater than 0 (got 0)'],
    ['destinations[1].mllp.retry.backoff', 11, 'unknown key; known keys here: maxAttempts, initialDelayMs, maxDelayMs'],
    ['destinations[1].mllp.retry.maxAttempts', 11, 'must be a whole number greater than 0 (got 0)'],
    ['destinations[1].mllp.retry.initialDelayMs', 11, 'must be a whole number greater than 0 (got 1.5)'],
    ['destinations[1].mllp.tls.pin', 12, 'unknown key; known keys here: ca, cert, key'],
    ['destinations[1].mllp.tls.key', 12, 'required when cert is set: the PEM private key of the client certificate'],
    ['destinations[1].mllp.ack', 13, 'unknown key; known keys here: host, port, ackTimeoutMs, retry, tls'],
    ['destinations[2].mllp.host', 14, 'required'],
    ['destinations[2].mllp.port', 14, 'required'],
    ['destinations[2].mllp.retry.maxDelayMs', 14, 'must be at least initialDelayMs (5000)'],
    ['destinations[2].mllp.tls.cert', 14, 'required when key is set: the PEM client certificate chain'],
    ['destinations[3].mllp.retry', 15, 'must be a mapping'],
    ['destinations[3].mllp.tls', 15, 'must be a mapping'],
  ]);
});
