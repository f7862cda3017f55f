import test, { type ExecutionContext } from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeMllpFrame } from '../../../connectors/mllp/encode-mllp-frame.ts';
import type { MllpMessageContext } from '../../../connectors/mllp/mllp-server-connection.ts';
import { MllpSender, type MllpSenderOptions } from '../../../connectors/mllp/mllp-sender.ts';
import { uniqueId } from '../../helpers/test-region.ts';
import { captureLogger, type CapturedLogger } from './capture-logger.ts';
import { startRawMllpServer } from './raw-mllp-server.ts';
import { startTestListener } from './start-test-listener.ts';
import { testCertificates } from './test-certificates.ts';
import { buildTestAck, buildTestMessage, readControlId } from './test-hl7-messages.ts';

interface TestSender {
  sender: MllpSender;
  log: CapturedLogger;
}

function createSender(t: ExecutionContext, port: number, overrides: Partial<MllpSenderOptions> = {}): TestSender {
  const log = captureLogger();
  const sender = new MllpSender({ host: '127.0.0.1', port, ackTimeoutMs: 2_000, backoff: { initialMs: 20, maxMs: 100 }, logger: log.logger, ...overrides });
  t.teardown(() => sender.close());
  return { sender, log };
}

const ackedId = (ack: Buffer | null) => /MSA\|\w\w\|([^\r|]*)/.exec(ack?.toString('latin1') ?? '')?.[1];

test('every acknowledgment code is its own outcome, with the ACK bytes, over one connection', async (t) => {
  const connections = new Set<string>();
  const { port } = await startTestListener(t, {
    handleMessage: async (frame, context) => {
      connections.add(context.connectionId);
      return buildTestAck(frame, readControlId(frame).slice(0, 2));
    },
  });
  const { sender } = createSender(t, port);
  for (const code of ['AA', 'AE', 'AR', 'CA', 'CE', 'CR'] as const) {
    const message = buildTestMessage(`${code}-${uniqueId()}`);
    const result = await sender.send(message);
    t.is(result.outcome, code);
    t.deepEqual(result.ack, buildTestAck(message, code));
  }
  t.is(connections.size, 1);
});

test('an answer that is not an ACK is a malformed ACK, and the connection stays usable', async (t) => {
  const { port } = await startTestListener(t, {
    handleMessage: async (frame) => (readControlId(frame) === 'odd' ? Buffer.from('hello') : buildTestAck(frame)),
  });
  const { sender } = createSender(t, port);
  t.like(await sender.send(buildTestMessage('odd')), { outcome: 'malformed-ack', ack: Buffer.from('hello'), reason: 'no MSA segment with a known MSA-1 code' });
  t.like(await sender.send(buildTestMessage('even')), { outcome: 'AA' });
});

test('an ACK over the maximum size is a malformed ACK', async (t) => {
  const { port } = await startTestListener(t, { handleMessage: async (frame) => buildTestAck(frame, `AA|x|${'y'.repeat(3000)}`) });
  const { sender } = createSender(t, port, { maxAckBytes: 1000 });
  t.like(await sender.send(buildTestMessage('huge-ack')), { outcome: 'malformed-ack', ack: null });
});

test('concurrent sends go one at a time, in call order', async (t) => {
  let outstanding = 0;
  let overlaps = 0;
  const received: string[] = [];
  const port = await startRawMllpServer(t, (frame, socket) => {
    if (outstanding > 0) overlaps += 1;
    outstanding += 1;
    received.push(readControlId(frame));
    setTimeout(() => {
      outstanding -= 1;
      socket.write(encodeMllpFrame(buildTestAck(frame)));
    }, 3);
  });
  const { sender } = createSender(t, port);
  const controlIds = Array.from({ length: 20 }, () => uniqueId('c'));
  const results = await Promise.all(controlIds.map((id) => sender.send(buildTestMessage(id))));
  t.is(overlaps, 0);
  t.deepEqual(received, controlIds);
  t.deepEqual(results.map((result) => ackedId(result.ack)), controlIds);
});

test('no ACK in time is a timeout; the late ACK is never taken for the next message', async (t) => {
  const connections: MllpMessageContext[] = [];
  let releaseLate!: () => void;
  const lateReleased = new Promise<void>((resolve) => (releaseLate = resolve));
  const { port } = await startTestListener(t, {
    handleMessage: async (frame, context) => {
      connections.push(context);
      if (readControlId(frame) === 'late') await lateReleased;
      return buildTestAck(frame);
    },
  });
  const { sender, log } = createSender(t, port, { ackTimeoutMs: 300 });
  t.like(await sender.send(buildTestMessage('late')), { outcome: 'timeout', ack: null, reason: 'no ACK within 300 ms' });
  const next = sender.send(buildTestMessage('next'));
  releaseLate();
  t.is((await next).outcome, 'AA');
  t.is(ackedId((await next).ack), 'next');
  t.not(connections[0].connectionId, connections[1].connectionId);
  t.is(log.find('send failed')[0].reason, 'no ACK within 300 ms');
});

test('a frame the sender did not ask for closes the connection instead of answering the next message', async (t) => {
  const port = await startRawMllpServer(t, (frame, socket) => {
    socket.write(Buffer.concat([encodeMllpFrame(buildTestAck(frame)), encodeMllpFrame(buildTestAck(frame, 'AE'))]));
  });
  const { sender, log } = createSender(t, port);
  const first = await sender.send(buildTestMessage('first'));
  await log.waitFor('no message outstanding');
  const second = await sender.send(buildTestMessage('second'));
  t.deepEqual([first.outcome, ackedId(first.ack)], ['AA', 'first']);
  t.deepEqual([second.outcome, ackedId(second.ack)], ['AA', 'second']);
});

test('an ACK naming another message is a malformed ACK and the connection is replaced', async (t) => {
  let previous: Buffer | null = null;
  const connections = new Set<unknown>();
  const port = await startRawMllpServer(t, (frame, socket) => {
    connections.add(socket);
    socket.write(encodeMllpFrame(buildTestAck(previous ?? frame)));
    previous = frame;
  });
  const { sender } = createSender(t, port);
  t.like(await sender.send(buildTestMessage('one')), { outcome: 'AA' });
  const stale = await sender.send(buildTestMessage('two'));
  t.is(stale.outcome, 'malformed-ack');
  t.is(stale.reason, 'the ACK answers control id "one", not "two"');
  t.is(ackedId(stale.ack), 'one');
  t.like(await sender.send(buildTestMessage('three')), { outcome: 'malformed-ack', reason: 'the ACK answers control id "two", not "three"' });
  t.is(connections.size, 2);
});

test('server down: connection errors with growing backoff; server up: it reconnects', async (t) => {
  const first = await startTestListener(t);
  const { port } = first;
  await first.listener.stop();
  const { sender, log } = createSender(t, port, { backoff: { initialMs: 40, maxMs: 1_000 } });
  t.like(await sender.send(buildTestMessage('refused-1')), { outcome: 'connection-error', ack: null });
  t.like(await sender.send(buildTestMessage('refused-2')), { outcome: 'connection-error', ack: null });
  const failures = log.find('send failed');
  t.deepEqual(failures.map((record) => record.failures), [1, 2]);
  t.true((failures[0].retryInMs as number) >= 20 && (failures[0].retryInMs as number) <= 40);
  t.true((failures[1].retryInMs as number) >= 40 && (failures[1].retryInMs as number) <= 80);
  t.regex(String(failures[0].reason), /ECONNREFUSED/);
  await startTestListener(t, { port });
  t.like(await sender.send(buildTestMessage('accepted')), { outcome: 'AA' });
  t.truthy(log.find('sender connected')[0]);
});

test('a connection the server closed while idle is replaced on the next send', async (t) => {
  const { port, log: serverLog } = await startTestListener(t, { idleTimeoutMs: 100 });
  const { sender, log } = createSender(t, port);
  t.like(await sender.send(buildTestMessage('before-idle')), { outcome: 'AA' });
  await serverLog.waitFor('idle');
  await log.waitFor('sender connection closed');
  t.like(await sender.send(buildTestMessage('after-idle')), { outcome: 'AA' });
});

test('close ends a send in flight as a connection error and refuses later sends', async (t) => {
  let started!: () => void;
  const handlerStarted = new Promise<void>((resolve) => (started = resolve));
  const { port } = await startTestListener(t, {
    handleMessage: async (frame) => {
      started();
      await sleep(500);
      return buildTestAck(frame);
    },
  });
  const { sender } = createSender(t, port);
  const inFlight = sender.send(buildTestMessage('cut-off'));
  await handlerStarted;
  await sender.close();
  t.like(await inFlight, { outcome: 'connection-error', ack: null });
  await t.throwsAsync(sender.send(buildTestMessage('too-late')), { message: 'MLLP sender is closed' });
});

test('over mutual TLS: a sender with a trusted client certificate is answered, one without is not', async (t) => {
  const certificates = testCertificates();
  const { port } = await startTestListener(t, { tls: { ...certificates.server, ca: certificates.ca, requestCert: true } });
  const trusted = createSender(t, port, { tls: { ca: certificates.ca, ...certificates.client } });
  t.like(await trusted.sender.send(buildTestMessage('with-certificate')), { outcome: 'AA' });
  const anonymous = createSender(t, port, { tls: { ca: certificates.ca } });
  t.like(await anonymous.sender.send(buildTestMessage('without-certificate')), { outcome: 'connection-error', ack: null });
});
