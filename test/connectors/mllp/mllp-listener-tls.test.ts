import test from 'ava';
import { encodeMllpFrame } from '../../../connectors/mllp/encode-mllp-frame.ts';
import type { MllpMessageContext } from '../../../connectors/mllp/mllp-server-connection.ts';
import { RawMllpClient } from './raw-mllp-client.ts';
import { startTestListener } from './start-test-listener.ts';
import { buildTestAck, buildTestMessage } from './test-hl7-messages.ts';
import { testCertificates, type KeyPair } from './test-certificates.ts';

const certificates = testCertificates();

/** The frames a TLS client got back for one message before its connection closed or answered. */
async function exchangeOverTls(port: number, clientCertificate?: KeyPair): Promise<Buffer[]> {
  const client = await RawMllpClient.open(port, { ca: certificates.ca, ...clientCertificate }).catch(() => null);
  if (client === null) return [];
  await client.write(encodeMllpFrame(buildTestMessage('over-tls')));
  const frames = await client.waitForFrames(1);
  client.close();
  return frames;
}

test('TLS: a client that trusts the server certificate is answered', async (t) => {
  const contexts: MllpMessageContext[] = [];
  const { port } = await startTestListener(t, {
    tls: { cert: certificates.server.cert, key: certificates.server.key },
    handleMessage: async (frame, context) => {
      contexts.push(context);
      return buildTestAck(frame);
    },
  });
  const frames = await exchangeOverTls(port);
  t.is(frames.length, 1);
  t.true(frames[0].toString('latin1').includes('MSA|AA|over-tls'));
  t.is(contexts[0].peer.certificateSubject, undefined);
});

test('TLS: a client that does not trust the server certificate gets nothing', async (t) => {
  const { port } = await startTestListener(t, { tls: { cert: certificates.server.cert, key: certificates.server.key } });
  await t.throwsAsync(RawMllpClient.open(port, { ca: certificates.strangerClient.cert }), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
});

test('mutual TLS: a client certificate from the trusted CA is answered and named in the context', async (t) => {
  const contexts: MllpMessageContext[] = [];
  const { port } = await startTestListener(t, {
    tls: { ...certificates.server, ca: certificates.ca, requestCert: true },
    handleMessage: async (frame, context) => {
      contexts.push(context);
      return buildTestAck(frame);
    },
  });
  const frames = await exchangeOverTls(port, certificates.client);
  t.is(frames.length, 1);
  t.is(contexts[0].peer.certificateSubject, 'lab-system');
});

test('mutual TLS: no client certificate, or one from another CA, is refused', async (t) => {
  let handled = 0;
  const { port, log } = await startTestListener(t, {
    tls: { ...certificates.server, ca: certificates.ca, requestCert: true },
    handleMessage: async (frame) => {
      handled += 1;
      return buildTestAck(frame);
    },
  });
  t.deepEqual(await exchangeOverTls(port), []);
  t.deepEqual(await exchangeOverTls(port, certificates.strangerClient), []);
  t.is(handled, 0);
  t.truthy(await log.waitFor('TLS handshake failed'));
});

test('TLS with the allow-list: a refused peer is closed before any handshake', async (t) => {
  const { port, log } = await startTestListener(t, {
    tls: { cert: certificates.server.cert, key: certificates.server.key },
    allowPeers: ['192.0.2.0/24'],
  });
  t.deepEqual(await exchangeOverTls(port), []);
  t.truthy(await log.waitFor('not in the allow-list'));
});

test('TLS: a peer that ends its side after sending still gets its ACK', async (t) => {
  const { port } = await startTestListener(t, { tls: { cert: certificates.server.cert, key: certificates.server.key } });
  const client = await RawMllpClient.open(port, { ca: certificates.ca });
  client.socket.end(encodeMllpFrame(buildTestMessage('half-closed')));
  await client.closed;
  t.is(client.frames.length, 1);
});
