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

test('remove takes out a part of a field and the empty fields it leaves at the end', (t) => {
  const input = Buffer.from('PID|1||A~B||DOE^JANE|||F', 'latin1');
  const segment = Hl7v2Segment.fromBytes('PID', context, input, 0, input.length);
  segment.remove(3, { repetition: 1 });
  t.is(segment.text, 'PID|1||B||DOE^JANE|||F');
  segment.remove(5, { component: 2 });
  t.is(segment.text, 'PID|1||B||DOE|||F');
  segment.remove(8);
  t.is(segment.text, 'PID|1||B||DOE');
  t.is(segment.fieldCount, 5);
});

test('removing what is not there leaves the segment unmodified; delimiters cannot be removed', (t) => {
  const input = Buffer.from('MSH|^~\\&|APP||||||ADT^A01|1|P|2.5', 'latin1');
  const header = Hl7v2Segment.fromBytes('MSH', context, input, 0, input.length);
  header.remove(30);
  header.remove(3, { component: 2 });
  header.remove(4);
  t.false(header.modified);
  t.throws(() => header.remove(2), { instanceOf: TypeError, message: 'MSH-2 cannot be removed: the delimiters and the character set of a parsed message are fixed' });
  t.throws(() => header.remove(18), { instanceOf: TypeError });
  header.remove(12);
  t.is(header.text, 'MSH|^~\\&|APP||||||ADT^A01|1|P');
});
