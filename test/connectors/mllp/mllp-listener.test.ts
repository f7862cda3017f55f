import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeMllpFrame } from '../../../connectors/mllp/encode-mllp-frame.ts';
import { MllpListener } from '../../../connectors/mllp/mllp-listener.ts';
import type { MllpMessageContext } from '../../../connectors/mllp/mllp-server-connection.ts';
import { uniqueId } from '../../helpers/test-region.ts';
import { RawMllpClient } from './raw-mllp-client.ts';
import { startTestListener } from './start-test-listener.ts';
import { buildTestAck, buildTestMessage, readControlId } from './test-hl7-messages.ts';

const ids = (count: number) => Array.from({ length: count }, () => uniqueId('m'));
const ackedIds = (frames: Buffer[]) => frames.map((frame) => /MSA\|\w\w\|([^\r|]*)/.exec(frame.toString('latin1'))?.[1]);

test('start resolves with the bound port; a persistent connection carries many messages in order', async (t) => {
  const received: string[] = [];
  const { port } = await startTestListener(t, {
    handleMessage: async (frame) => {
      received.push(readControlId(frame));
      return buildTestAck(frame);
    },
  });
  t.true(port > 0);
  const client = await RawMllpClient.open(port);
  const controlIds = ids(300);
  await client.write(Buffer.concat(controlIds.map((id) => encodeMllpFrame(buildTestMessage(id)))));
  const acks = await client.waitForFrames(300);
  t.deepEqual(received, controlIds);
  t.deepEqual(ackedIds(acks), controlIds);
  client.close();
});

test('one connection: the next handler starts only after the previous one finished', async (t) => {
  const events: string[] = [];
  const { port } = await startTestListener(t, {
    handleMessage: async (frame) => {
      const id = readControlId(frame);
      events.push(`start ${id}`);
      await sleep(id.endsWith('slow') ? 40 : 1);
      events.push(`end ${id}`);
      return buildTestAck(frame);
    },
  });
  const client = await RawMllpClient.open(port);
  const controlIds = ['1-slow', '2', '3-slow', '4'];
  await client.write(Buffer.concat(controlIds.map((id) => encodeMllpFrame(buildTestMessage(id)))));
  t.deepEqual(ackedIds(await client.waitForFrames(4)), controlIds);
  t.deepEqual(events, controlIds.flatMap((id) => [`start ${id}`, `end ${id}`]));
  client.close();
});

test('different connections are handled concurrently', async (t) => {
  let releaseFirst!: () => void;
  const firstReleased = new Promise<void>((resolve) => (releaseFirst = resolve));
  let firstStarted!: () => void;
  const firstStartedSignal = new Promise<void>((resolve) => (firstStarted = resolve));
  const { port } = await startTestListener(t, {
    handleMessage: async (frame) => {
      if (readControlId(frame) === 'first') {
        firstStarted();
        await firstReleased;
      }
      return buildTestAck(frame);
    },
  });
  const blocked = await RawMllpClient.open(port);
  await blocked.write(encodeMllpFrame(buildTestMessage('first')));
  await firstStartedSignal;
  const other = await RawMllpClient.open(port);
  await other.write(encodeMllpFrame(buildTestMessage('second')));
  t.deepEqual(ackedIds(await other.waitForFrames(1)), ['second']);
  t.is(blocked.frames.length, 0);
  releaseFirst();
  t.deepEqual(ackedIds(await blocked.waitForFrames(1)), ['first']);
  blocked.close();
  other.close();
});

test('frames split over many writes and merged into one write are all answered with the exact bytes', async (t) => {
  const received: Buffer[] = [];
  const { port } = await startTestListener(t, {
    handleMessage: async (frame) => {
      received.push(frame);
      return buildTestAck(frame);
    },
  });
  const client = await RawMllpClient.open(port);
  const messages = ids(5).map((id) => buildTestMessage(id, 'PID|1||X\nNTE|1||Zoë'));
  const wire = Buffer.concat(messages.map(encodeMllpFrame));
  const firstTwoEnd = encodeMllpFrame(messages[0]).length + encodeMllpFrame(messages[1]).length;
  for (let at = 0; at < firstTwoEnd; at += 7) await client.write(wire.subarray(at, Math.min(at + 7, firstTwoEnd)));
  await client.write(wire.subarray(firstTwoEnd, firstTwoEnd + 5));
  await client.write(wire.subarray(firstTwoEnd + 5));
  await client.waitForFrames(5);
  t.deepEqual(received, messages);
  client.close();
});

test('bytes outside frames are discarded and logged as a count, never as content', async (t) => {
  const { port, log } = await startTestListener(t);
  const client = await RawMllpClient.open(port);
  await client.write(Buffer.concat([Buffer.from('garbage-before\n'), encodeMllpFrame(buildTestMessage('only', 'PID|1||SECRET^PATIENT')), Buffer.from('\r\n')]));
  t.deepEqual(ackedIds(await client.waitForFrames(1)), ['only']);
  const discarded = await log.waitFor('outside any frame');
  t.is(discarded.bytes, 15);
  client.close();
  await log.waitFor('connection closed');
  const logged = JSON.stringify(log.records);
  t.false(logged.includes('garbage-before'));
  t.false(logged.includes('SECRET'));
});

test('an oversized frame is answered by answerOversized, then the connection is closed', async (t) => {
  const heads: string[] = [];
  const handled: string[] = [];
  const { port, log } = await startTestListener(t, {
    maxFrameBytes: 500,
    handleMessage: async (frame) => {
      handled.push(readControlId(frame));
      return buildTestAck(frame);
    },
    answerOversized: (head) => {
      heads.push(head.toString('latin1'));
      return buildTestAck(head, 'AR');
    },
  });
  const client = await RawMllpClient.open(port);
  const big = buildTestMessage('big', `NTE|1||${'x'.repeat(5000)}`);
  await client.write(Buffer.concat([encodeMllpFrame(buildTestMessage('before')), encodeMllpFrame(big), encodeMllpFrame(buildTestMessage('after'))]));
  await client.closed;
  t.deepEqual(handled, ['before']);
  t.deepEqual(ackedIds(client.frames), ['before', 'big']);
  t.true(client.frames[1].toString('latin1').includes('MSA|AR|big'));
  t.is(heads.length, 1);
  t.true(heads[0].startsWith('MSH|^~\\&|SENDER'));
  t.truthy(log.find('over the maximum size')[0]);
});

test('an answerOversized that throws is logged at error and the connection closed', async (t) => {
  const { port, log } = await startTestListener(t, {
    maxFrameBytes: 10,
    answerOversized: () => {
      throw new Error('no MSH to answer');
    },
  });
  const client = await RawMllpClient.open(port);
  await client.write(encodeMllpFrame(buildTestMessage('too-big')));
  await client.closed;
  t.is(client.frames.length, 0);
  t.is((await log.waitFor('oversized-frame answer threw')).level, 50);
});

test('an idle connection is closed', async (t) => {
  const { port, log } = await startTestListener(t, { idleTimeoutMs: 100 });
  const client = await RawMllpClient.open(port);
  await client.closed;
  t.is((await log.waitFor('idle')).idleTimeoutMs, 100);
});

test('a handler still working is not cut off by the idle timeout', async (t) => {
  const { port } = await startTestListener(t, {
    idleTimeoutMs: 50,
    handleMessage: async (frame) => {
      await sleep(200);
      return buildTestAck(frame);
    },
  });
  const client = await RawMllpClient.open(port);
  await client.write(encodeMllpFrame(buildTestMessage('slow')));
  t.deepEqual(ackedIds(await client.waitForFrames(1)), ['slow']);
  client.close();
});

test('connections beyond the maximum are refused at once; a freed slot is usable again', async (t) => {
  const { port, log, listener } = await startTestListener(t, { maxConnections: 2 });
  const open = async (id: string) => {
    const client = await RawMllpClient.open(port);
    await client.write(encodeMllpFrame(buildTestMessage(id)));
    await client.waitForFrames(1);
    return client;
  };
  const first = await open('one');
  const second = await open('two');
  t.is(first.frames.length + second.frames.length, 2);
  const refused = await open('three');
  t.is(refused.frames.length, 0);
  t.is((await log.waitFor('maximum connections')).maxConnections, 2);
  first.close();
  await log.waitFor('connection closed');
  t.is(listener.connectionCount, 1);
  const fourth = await open('four');
  t.deepEqual(ackedIds(fourth.frames), ['four']);
  second.close();
  fourth.close();
});

test('a peer outside the allow-list is closed at once and logged; one inside is served, as is anyone with an empty list', async (t) => {
  let handled = 0;
  const handleMessage = async (frame: Buffer) => {
    handled += 1;
    return buildTestAck(frame);
  };
  const refusing = await startTestListener(t, { allowPeers: ['10.0.0.0/8', 'fd00::/8'], handleMessage });
  const outsider = await RawMllpClient.open(refusing.port);
  const outsiderPort = outsider.socket.localPort;
  await outsider.write(encodeMllpFrame(buildTestMessage('refused')));
  await outsider.closed;
  t.is(outsider.frames.length, 0);
  t.is((await refusing.log.waitFor('not in the allow-list')).peer, `127.0.0.1:${outsiderPort}`);
  for (const allowPeers of [['127.0.0.0/8'], []]) {
    const allowing = await startTestListener(t, { allowPeers, handleMessage });
    const insider = await RawMllpClient.open(allowing.port);
    await insider.write(encodeMllpFrame(buildTestMessage('welcome')));
    t.deepEqual(ackedIds(await insider.waitForFrames(1)), ['welcome']);
    insider.close();
  }
  t.is(handled, 2);
});

test('a handler that throws is logged at error and its connection closed; others carry on', async (t) => {
  const { port, log } = await startTestListener(t, {
    handleMessage: async (frame) => {
      if (readControlId(frame) === 'bug') throw new Error('handler bug');
      return buildTestAck(frame);
    },
  });
  const victim = await RawMllpClient.open(port);
  await victim.write(Buffer.concat([encodeMllpFrame(buildTestMessage('bug')), encodeMllpFrame(buildTestMessage('never'))]));
  await victim.closed;
  t.is(victim.frames.length, 0);
  t.is((await log.waitFor('handler threw')).level, 50);
  const bystander = await RawMllpClient.open(port);
  await bystander.write(encodeMllpFrame(buildTestMessage('fine')));
  t.deepEqual(ackedIds(await bystander.waitForFrames(1)), ['fine']);
  bystander.close();
});

test('a null answer sends nothing and the next frame is still handled (ack mode none)', async (t) => {
  const { port } = await startTestListener(t, {
    handleMessage: async (frame) => (readControlId(frame) === 'silent' ? null : buildTestAck(frame)),
  });
  const client = await RawMllpClient.open(port);
  await client.write(Buffer.concat([encodeMllpFrame(buildTestMessage('silent')), encodeMllpFrame(buildTestMessage('loud'))]));
  t.deepEqual(ackedIds(await client.waitForFrames(1)), ['loud']);
  client.close();
});

test('a peer that ends its side after sending still gets every ACK, then the connection closes', async (t) => {
  const contexts: MllpMessageContext[] = [];
  const { port } = await startTestListener(t, {
    handleMessage: async (frame, context) => {
      contexts.push(context);
      await sleep(10);
      return buildTestAck(frame);
    },
  });
  const client = await RawMllpClient.open(port);
  const clientPort = client.socket.localPort;
  client.socket.end(Buffer.concat([encodeMllpFrame(buildTestMessage('a')), encodeMllpFrame(buildTestMessage('b'))]));
  await client.closed;
  t.deepEqual(ackedIds(client.frames), ['a', 'b']);
  t.is(contexts[0].connectionId, contexts[1].connectionId);
  t.deepEqual(contexts[0].peer, { address: '127.0.0.1', port: clientPort });
});

test('stop lets the message in hand finish and answers it, leaves queued ones unanswered, and closes', async (t) => {
  let started!: () => void;
  const handlerStarted = new Promise<void>((resolve) => (started = resolve));
  const handled: string[] = [];
  const { port, listener } = await startTestListener(t, {
    handleMessage: async (frame) => {
      started();
      await sleep(100);
      handled.push(readControlId(frame));
      return buildTestAck(frame);
    },
  });
  const client = await RawMllpClient.open(port);
  await client.write(Buffer.concat([encodeMllpFrame(buildTestMessage('in-hand')), encodeMllpFrame(buildTestMessage('queued'))]));
  await handlerStarted;
  await listener.stop();
  await client.closed;
  t.deepEqual(handled, ['in-hand']);
  t.deepEqual(ackedIds(client.frames), ['in-hand']);
  await t.throwsAsync(RawMllpClient.open(port), { code: 'ECONNREFUSED' });
});

test('start fails when the port is taken', async (t) => {
  const { port } = await startTestListener(t);
  const { logger } = (await import('./capture-logger.ts')).captureLogger();
  const clash = new MllpListener({
    host: '127.0.0.1', port, maxConnections: 1, idleTimeoutMs: 1000, maxFrameBytes: 1000, logger,
    handleMessage: async () => null, answerOversized: () => Buffer.alloc(0),
  });
  await t.throwsAsync(clash.start(), { code: 'EADDRINUSE' });
});
