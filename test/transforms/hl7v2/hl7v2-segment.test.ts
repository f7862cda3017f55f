import test from 'ava';
import { DEFAULT_DELIMITERS } from '../../../transforms/hl7v2/hl7v2-delimiters.ts';
import { Hl7v2Segment, type Hl7v2SegmentContext } from '../../../transforms/hl7v2/hl7v2-segment.ts';

const context: Hl7v2SegmentContext = { delimiters: DEFAULT_DELIMITERS, encoding: 'latin1', charset: '8859/1' };

test('a segment is decoded lazily from its bytes and given back unchanged', (t) => {
  const input = Buffer.from('xxOBX|2|ST|A^B||Gr\xfc\\T\\e|yy', 'latin1');
  const segment = Hl7v2Segment.fromBytes('OBX', context, input, 2, 23);
  t.is(segment.text, 'OBX|2|ST|A^B||Grü\\T\\e');
  t.is(segment.setId, '2');
  t.is(segment.fieldCount, 5);
  t.is(segment.field(3), 'A^B');
  t.is(segment.get(5), 'Grü&e');
  t.is(segment.get(3, { component: 2 }), 'B');
  t.deepEqual(segment.rawFields, ['OBX', '2', 'ST', 'A^B', '', 'Gr\xfc\\T\\e']);
  t.false(segment.modified);
  t.true(segment.toBytes().equals(input.subarray(2, 23)));
});

test('header segments count MSH-1 as the field separator and have no set id', (t) => {
  const header = Hl7v2Segment.create('MSH', context);
  t.is(header.text, 'MSH|^~\\&');
  t.is(header.setId, '');
  t.is(header.field(1), '|');
  t.is(header.field(2), '^~\\&');
  t.is(header.get(2, { component: 2 }), undefined);
  header.set(3, {}, 'APP');
  t.is(header.text, 'MSH|^~\\&|APP');
  t.is(header.fieldCount, 3);
  t.true(header.modified);
});

test('a set field is encoded in the segment\'s character set', (t) => {
  const segment = Hl7v2Segment.create('NTE', context);
  segment.set(3, { repetition: 2 }, 'Grüße | Ø');
  t.is(segment.text, 'NTE|||~Grüße \\F\\ Ø');
  t.true(segment.toBytes().equals(Buffer.from('NTE|||~Grüße \\F\\ Ø', 'latin1')));
  t.deepEqual(segment.getAll(3), ['', 'Grüße | Ø']);
});
