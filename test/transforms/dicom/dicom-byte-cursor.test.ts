import test from 'ava';
import { DicomByteCursor, tagHex } from '../../../transforms/dicom/dicom-byte-cursor.ts';
import { DicomParseError, NeedMoreBytes } from '../../../transforms/dicom/dicom-parse-error.ts';

const bytes = Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x06]);

test('numbers read in the cursor’s byte order, at its position or another', (t) => {
  const le = new DicomByteCursor(bytes, true, true);
  t.is(le.u16(), 0x0201);
  t.is(le.u32(2), 0x06050403);
  const be = new DicomByteCursor(bytes, false, true, 2);
  t.is(be.u16(), 0x0304);
  t.is(be.u32(0), 0x01020304);
  be.littleEndian = true;
  t.is(be.u16(), 0x0403);
});

test('take gives the next bytes without copying and moves on; atEnd says when all are taken', (t) => {
  const cursor = new DicomByteCursor(bytes, true, true, 1);
  const taken = cursor.take(3, 'three bytes');
  t.deepEqual([...taken], [2, 3, 4]);
  t.is(taken.buffer, bytes.buffer);
  t.is(cursor.pos, 4);
  t.false(cursor.atEnd);
  t.deepEqual([...cursor.take(2, 'the rest')], [5, 6]);
  t.true(cursor.atEnd);
  t.deepEqual([...cursor.take(0, 'nothing')], []);
});

test('running out is NeedMoreBytes while more may come, and a DicomParseError naming what and where once all is there', (t) => {
  t.throws(() => new DicomByteCursor(bytes, true, false, 4).take(3, 'a value'), { instanceOf: NeedMoreBytes, message: 'a value' });
  const complete = new DicomByteCursor(bytes, true, true, 4);
  t.throws(() => complete.need(3, 'the value of (0010,0010)'), {
    instanceOf: DicomParseError,
    message: 'the data ends inside the value of (0010,0010) (offset 4, 3 bytes needed, 2 left): truncated',
  });
  t.is(complete.pos, 4, 'a failed need does not move');
  t.notThrows(() => complete.need(2, 'two bytes'));
});

test('tags are 8 upper-case hex digits', (t) => {
  t.is(tagHex(0x0010, 0x0010), '00100010');
  t.is(tagHex(0x7fe0, 0x0010), '7FE00010');
  t.is(tagHex(0xfffe, 0xe0dd), 'FFFEE0DD');
  t.is(tagHex(0, 0), '00000000');
});
