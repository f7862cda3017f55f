import test from 'ava';
import { detectSegmentTerminator, scanSegments } from '../../../transforms/hl7v2/scan-segments.ts';

const text = (bytes: Buffer, from: number, to: number) => bytes.toString('latin1', from, to);

test('the first terminator decides: CR, LF or CRLF; CR when there is none', (t) => {
  t.deepEqual([...detectSegmentTerminator(Buffer.from('MSH|a\rPID\n'), 0)], [0x0d]);
  t.deepEqual([...detectSegmentTerminator(Buffer.from('MSH|a\nPID\r'), 0)], [0x0a]);
  t.deepEqual([...detectSegmentTerminator(Buffer.from('MSH|a\r\nPID'), 0)], [0x0d, 0x0a]);
  t.deepEqual([...detectSegmentTerminator(Buffer.from('MSH|a'), 0)], [0x0d]);
  t.deepEqual([...detectSegmentTerminator(Buffer.from('\nMSH|a\r'), 1)], [0x0d]);
});

test('ranges cover every byte: text, then terminator with blank lines', (t) => {
  const bytes = Buffer.from('MSH|a\r\n\r\nPID|b\n|c\r\nEND');
  const ranges = scanSegments(bytes, 0, Uint8Array.of(0x0d, 0x0a));
  t.deepEqual(ranges.map((range) => text(bytes, range.start, range.end)), ['MSH|a', 'PID|b\n|c', 'END']);
  t.deepEqual(ranges.map((range) => text(bytes, range.end, range.next)), ['\r\n\r\n', '\r\n', '']);
  t.is(ranges[ranges.length - 1].next, bytes.length);
});

test('an empty input has no segments; a lone terminator run belongs to the segment before it', (t) => {
  t.deepEqual(scanSegments(Buffer.alloc(0), 0, Uint8Array.of(0x0d)), []);
  const bytes = Buffer.from('A\r\r\n\r');
  t.deepEqual(scanSegments(bytes, 0, Uint8Array.of(0x0d)), [{ start: 0, end: 1, next: 5 }]);
  const multi = Buffer.from('A~~~B');
  t.deepEqual(scanSegments(multi, 0, Buffer.from('~')), [{ start: 0, end: 1, next: 4 }, { start: 4, end: 5, next: 5 }]);
});
