import test from 'ava';
import { encodeMllpFrame } from '../../../connectors/mllp/encode-mllp-frame.ts';
import { MllpFrameReader, type MllpReadEvent } from '../../../connectors/mllp/mllp-frame-reader.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

const frameOf = (text: string) => encodeMllpFrame(Buffer.from(text, 'latin1'));
const reader = (maxFrameBytes = 1 << 20, headBytes?: number) => new MllpFrameReader({ maxFrameBytes, headBytes });

function pushAll(frameReader: MllpFrameReader, chunks: Buffer[]): MllpReadEvent[] {
  return chunks.flatMap((chunk) => frameReader.push(chunk));
}

function framesOf(events: MllpReadEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'frame' ? [event.frame.toString('latin1')] : []));
}

function outsideCount(events: MllpReadEvent[]): number {
  return events.reduce((sum, event) => sum + (event.type === 'outside' ? event.byteCount : 0), 0);
}

test('one frame in one chunk gives its bytes unchanged', (t) => {
  const events = reader().push(frameOf('MSH|^~\\&|A\rPID|1\r'));
  t.deepEqual(events, [{ type: 'frame', frame: Buffer.from('MSH|^~\\&|A\rPID|1\r') }]);
});

test('bytes are not decoded: non-ASCII and LF survive', (t) => {
  const payload = Buffer.from('MSH|^~\\&|Zoë\nPID|1|Müller\r\n', 'utf8');
  const [event] = reader().push(encodeMllpFrame(payload));
  t.deepEqual(event, { type: 'frame', frame: payload });
});

test('several frames in one chunk come out in order', (t) => {
  const chunk = Buffer.concat([frameOf('one'), frameOf('two'), frameOf('three')]);
  t.deepEqual(framesOf(reader().push(chunk)), ['one', 'two', 'three']);
});

test('two frames split at every possible point, FS|CR included', (t) => {
  const wire = Buffer.concat([frameOf('MSH|first'), frameOf('MSH|second')]);
  for (let split = 0; split <= wire.length; split += 1) {
    const events = pushAll(reader(), [wire.subarray(0, split), wire.subarray(split)]);
    t.deepEqual(framesOf(events), ['MSH|first', 'MSH|second'], `split at ${split}`);
    t.is(outsideCount(events), 0, `split at ${split}`);
  }
});

test('a frame fed one byte at a time', (t) => {
  const wire = Buffer.concat([frameOf('MSH|a|b'), frameOf('')]);
  const chunks = [...wire].map((byte) => Buffer.from([byte]));
  t.deepEqual(framesOf(pushAll(reader(), chunks)), ['MSH|a|b', '']);
});

test('a frame split across many chunks keeps the partial size', (t) => {
  const frameReader = reader();
  t.deepEqual(frameReader.push(Buffer.from('\x0bMSH|')), []);
  t.deepEqual(frameReader.push(Buffer.from('abc')), []);
  t.is(frameReader.pendingFrameBytes, 7);
  t.deepEqual(framesOf(frameReader.push(Buffer.from('def\x1c\r'))), ['MSH|abcdef']);
  t.is(frameReader.pendingFrameBytes, 0);
});

test('bytes outside frames are counted, never returned', (t) => {
  const chunk = Buffer.concat([Buffer.from('junk'), frameOf('A'), Buffer.from('\n'), frameOf('B'), Buffer.from('tail')]);
  const events = reader().push(chunk);
  t.deepEqual(events, [
    { type: 'outside', byteCount: 4 },
    { type: 'frame', frame: Buffer.from('A') },
    { type: 'outside', byteCount: 1 },
    { type: 'frame', frame: Buffer.from('B') },
    { type: 'outside', byteCount: 4 },
  ]);
});

test('a missing CR after FS is tolerated; a stray FS between frames is discarded', (t) => {
  const events = reader().push(Buffer.from('\x0bA\x1c\x0bB\x1c\r\x1c\r'));
  t.deepEqual(framesOf(events), ['A', 'B']);
  t.is(outsideCount(events), 2);
});

test('a VT inside a frame abandons the partial frame and starts a new one', (t) => {
  const events = reader().push(Buffer.from('\x0bMSH|lost\x0bMSH|kept\x1c\r'));
  t.deepEqual(events, [
    { type: 'outside', byteCount: 9 },
    { type: 'frame', frame: Buffer.from('MSH|kept') },
  ]);
});

test('an oversized frame is reported once with its head, then skipped to its end', (t) => {
  const big = 'MSH|^~\\&|' + 'x'.repeat(200);
  const wire = Buffer.concat([frameOf(big), frameOf('next')]);
  const chunks = [wire.subarray(0, 50), wire.subarray(50, 120), wire.subarray(120)];
  const events = pushAll(reader(100, 16), chunks);
  t.deepEqual(events, [
    { type: 'oversized', head: Buffer.from(big.slice(0, 16)) },
    { type: 'frame', frame: Buffer.from('next') },
  ]);
});

test('an oversized frame is reported before its end arrives and nothing of it is held', (t) => {
  const frameReader = reader(10, 4);
  const events = frameReader.push(Buffer.from('\x0bMSH|0123456789'));
  t.deepEqual(events, [{ type: 'oversized', head: Buffer.from('MSH|') }]);
  t.is(frameReader.pendingFrameBytes, 0);
  t.deepEqual(frameReader.push(Buffer.from('more bytes of it')), []);
});

test('a frame of exactly the maximum is accepted', (t) => {
  t.deepEqual(framesOf(reader(5).push(frameOf('12345'))), ['12345']);
});

test('a head shorter than the head size is the whole frame so far', (t) => {
  const events = reader(3, 4096).push(Buffer.from('\x0bMSH|'));
  t.deepEqual(events, [{ type: 'oversized', head: Buffer.from('MSH|') }]);
});

test('garbage never throws, and a valid frame after it is read', (t) => {
  const random = seededRandom(7);
  for (let round = 0; round < 200; round += 1) {
    const frameReader = reader(512, 64);
    const garbage = Buffer.from(Array.from({ length: Math.floor(random() * 2000) }, () => Math.floor(random() * 256)));
    frameReader.push(garbage);
    const events = frameReader.push(frameOf('MSH|valid'));
    t.deepEqual(events.at(-1), { type: 'frame', frame: Buffer.from('MSH|valid') }, `round ${round}`);
  }
});

test('garbage without markers is all counted as outside, as one run per chunk', (t) => {
  const events = reader().push(Buffer.alloc(70_000, 0x41));
  t.deepEqual(events, [{ type: 'outside', byteCount: 70_000 }]);
});

test('a chunk full of stray end blocks is one outside run', (t) => {
  const events = reader().push(Buffer.alloc(100_000, 0x1c));
  t.deepEqual(events, [{ type: 'outside', byteCount: 100_000 }]);
});

test('a big frame in many chunks comes out whole', (t) => {
  const payload = Buffer.alloc(8 * 1024 * 1024, 0x61);
  const wire = encodeMllpFrame(payload);
  const chunks: Buffer[] = [];
  for (let at = 0; at < wire.length; at += 65_536) chunks.push(wire.subarray(at, at + 65_536));
  const events = pushAll(reader(16 * 1024 * 1024), chunks);
  t.is(events.length, 1);
  t.true(events[0].type === 'frame' && events[0].frame.equals(payload));
});

test('property: random messages with junk between them, split at random points', (t) => {
  const random = seededRandom(20240611);
  const alphabet = Buffer.from('MSH|^~\\&PID0123456789 abcXYZ\r\n\xe9\xff', 'latin1');
  const pick = (length: number) => Buffer.from(Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]));
  const messages: Buffer[] = [];
  const wireParts: Buffer[] = [];
  let junkBytes = 0;
  for (let i = 0; i < 600; i += 1) {
    const message = pick(Math.floor(random() * 3000));
    messages.push(message);
    wireParts.push(encodeMllpFrame(message));
    const junk = random() < 0.2 ? Buffer.from('\n'.repeat(1 + Math.floor(random() * 3))) : Buffer.alloc(0);
    junkBytes += junk.length;
    wireParts.push(junk);
  }
  const wire = Buffer.concat(wireParts);
  const chunks: Buffer[] = [];
  for (let at = 0; at < wire.length; ) {
    const size = 1 + Math.floor(random() * 4000);
    chunks.push(wire.subarray(at, at + size));
    at += size;
  }
  const events = pushAll(reader(4096), chunks);
  t.deepEqual(framesOf(events), messages.map((message) => message.toString('latin1')));
  t.is(outsideCount(events), junkBytes);
});
