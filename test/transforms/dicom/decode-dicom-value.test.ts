import test from 'ava';
import { BINARY_VRS, decodeDicomValue, type ValueContext } from '../../../transforms/dicom/decode-dicom-value.ts';

const LE: ValueContext = { littleEndian: true, charsets: [], bulkDataThreshold: 16, bulkDataUri: (path) => `bulk/${path}` };
const BE: ValueContext = { ...LE, littleEndian: false };

const decode = (vr: string, bytes: Buffer | string, context = LE, path = '00000000') => decodeDicomValue(vr, typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, path, context);

test('an empty value is the VR alone', (t) => {
  for (const vr of ['PN', 'US', 'OB', 'LT', 'DS', 'SQ']) t.deepEqual(decode(vr, ''), { vr });
});

test('multi-valued strings split on backslash and lose their padding; empty values are null', (t) => {
  t.deepEqual(decode('CS', 'ORIGINAL\\PRIMARY\\AXIAL '), { vr: 'CS', Value: ['ORIGINAL', 'PRIMARY', 'AXIAL'] });
  t.deepEqual(decode('UI', '1.2.840.10008.1.2\0'), { vr: 'UI', Value: ['1.2.840.10008.1.2'] });
  t.deepEqual(decode('LO', ' leading and trailing  '), { vr: 'LO', Value: ['leading and trailing'] });
  t.deepEqual(decode('SH', 'A\\\\B'), { vr: 'SH', Value: ['A', null, 'B'] });
  t.deepEqual(decode('CS', '  \\ '), { vr: 'CS' });
  t.deepEqual(decode('DA', '20240229'), { vr: 'DA', Value: ['20240229'] });
});

test('LT, ST, UT and UR are one value: backslashes and leading spaces stay, trailing padding goes', (t) => {
  t.deepEqual(decode('LT', '  line one\\still one\r\n \0'), { vr: 'LT', Value: ['  line one\\still one\r\n'] });
  t.deepEqual(decode('ST', 'a\\b'), { vr: 'ST', Value: ['a\\b'] });
  t.deepEqual(decode('UT', '  '), { vr: 'UT' });
  t.deepEqual(decode('UR', 'http://example.org/a\\b '), { vr: 'UR', Value: ['http://example.org/a\\b'] });
});

test('IS and DS become numbers; a value that is no number is kept as written', (t) => {
  t.deepEqual(decode('DS', '0.3125\\-1.5e2 \\ 7'), { vr: 'DS', Value: [0.3125, -150, 7] });
  t.deepEqual(decode('IS', '42 '), { vr: 'IS', Value: [42] });
  t.deepEqual(decode('IS', '1\\\\3'), { vr: 'IS', Value: [1, null, 3] });
  t.deepEqual(decode('DS', 'n/a\\1'), { vr: 'DS', Value: ['n/a', 1] });
});

test('person names split into their component groups', (t) => {
  t.deepEqual(decode('PN', Buffer.from('Yamada^Tarou=山田^太郎=やまだ^たろう', 'utf8'), { ...LE, charsets: ['ISO_IR 192'] }), {
    vr: 'PN',
    Value: [{ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' }],
  });
  t.deepEqual(decode('PN', Buffer.from('=山田^太郎', 'utf8'), { ...LE, charsets: ['ISO_IR 192'] }), { vr: 'PN', Value: [{ Ideographic: '山田^太郎' }] });
  t.deepEqual(decode('PN', 'Doe^John\\\\Roe^Richard '), { vr: 'PN', Value: [{ Alphabetic: 'Doe^John' }, null, { Alphabetic: 'Roe^Richard' }] });
});

test('only SH, LO, ST, LT, UC, UT and PN follow the Specific Character Set', (t) => {
  const utf8 = { ...LE, charsets: ['ISO_IR 192'] };
  const bytes = Buffer.from('Zoë', 'utf8');
  for (const vr of ['SH', 'LO', 'ST', 'LT', 'UC', 'UT']) t.deepEqual(decode(vr, bytes, utf8), { vr, Value: ['Zoë'] }, vr);
  t.deepEqual(decode('CS', bytes, utf8), { vr: 'CS', Value: [bytes.toString('latin1')] });
  t.deepEqual(decode('LO', Buffer.from('Zo\xeb', 'latin1'), { ...LE, charsets: ['ISO_IR 100'] }), { vr: 'LO', Value: ['Zoë'] });
});

test('binary numbers in either byte order', (t) => {
  const bytes = Buffer.from([0x01, 0x02, 0xff, 0xfe]);
  t.deepEqual(decode('US', bytes), { vr: 'US', Value: [0x0201, 0xfeff] });
  t.deepEqual(decode('US', bytes, BE), { vr: 'US', Value: [0x0102, 0xfffe] });
  t.deepEqual(decode('SS', bytes), { vr: 'SS', Value: [0x0201, -257] });
  t.deepEqual(decode('UL', bytes), { vr: 'UL', Value: [0xfeff0201] });
  t.deepEqual(decode('SL', bytes, BE), { vr: 'SL', Value: [0x0102fffe] });
  const floats = Buffer.alloc(12);
  floats.writeFloatLE(1.5, 0);
  floats.writeDoubleLE(-0.25, 4);
  t.deepEqual(decode('FL', floats.subarray(0, 4)), { vr: 'FL', Value: [1.5] });
  t.deepEqual(decode('FD', floats.subarray(4)), { vr: 'FD', Value: [-0.25] });
  const doubleBe = Buffer.alloc(8);
  doubleBe.writeDoubleBE(Math.PI);
  t.deepEqual(decode('FD', doubleBe, BE), { vr: 'FD', Value: [Math.PI] });
});

test('a trailing partial number is dropped rather than misread', (t) => {
  t.deepEqual(decode('US', Buffer.from([1, 0, 2])), { vr: 'US', Value: [1] });
  t.deepEqual(decode('UL', Buffer.from([1, 0, 0])), { vr: 'UL', Value: [] });
});

test('64-bit integers beyond 2^53 stay exact as strings', (t) => {
  const bytes = Buffer.alloc(24);
  bytes.writeBigInt64LE(-5n, 0);
  bytes.writeBigInt64LE(2n ** 60n, 8);
  bytes.writeBigUInt64LE(2n ** 64n - 1n, 16);
  t.deepEqual(decode('SV', bytes.subarray(0, 16)), { vr: 'SV', Value: [-5, '1152921504606846976'] });
  t.deepEqual(decode('UV', bytes.subarray(16)), { vr: 'UV', Value: ['18446744073709551615'] });
  const big = Buffer.alloc(8);
  big.writeBigUInt64BE(BigInt(Number.MAX_SAFE_INTEGER));
  t.deepEqual(decode('UV', big, BE), { vr: 'UV', Value: [Number.MAX_SAFE_INTEGER] });
});

test('AT values are tags as 8 upper-case hex digits', (t) => {
  t.deepEqual(decode('AT', Buffer.from([0x28, 0x00, 0x09, 0x00, 0x20, 0x00, 0x0d, 0x00])), { vr: 'AT', Value: ['00280009', '0020000D'] });
  t.deepEqual(decode('AT', Buffer.from([0x00, 0x28, 0x00, 0x09]), BE), { vr: 'AT', Value: ['00280009'] });
});

test('binary values are InlineBinary up to the threshold and a BulkDataURI of their path above it', (t) => {
  t.deepEqual([...BINARY_VRS].sort(), ['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
  t.deepEqual(decode('OB', Buffer.from([1, 2, 3])), { vr: 'OB', InlineBinary: 'AQID' });
  t.deepEqual(decode('UN', Buffer.alloc(16)), { vr: 'UN', InlineBinary: Buffer.alloc(16).toString('base64') });
  t.deepEqual(decode('OW', Buffer.alloc(18), LE, '00540016/0/00181072'), { vr: 'OW', BulkDataURI: 'bulk/00540016/0/00181072' });
});

test('big endian InlineBinary is given in little endian words, as DICOM JSON holds binary values', (t) => {
  const bytes = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
  t.deepEqual(decode('OW', bytes, BE), { vr: 'OW', InlineBinary: Buffer.from([2, 1, 4, 3, 6, 5, 8, 7]).toString('base64') });
  t.deepEqual(decode('OF', bytes, BE), { vr: 'OF', InlineBinary: Buffer.from([4, 3, 2, 1, 8, 7, 6, 5]).toString('base64') });
  t.deepEqual(decode('OL', bytes, BE), { vr: 'OL', InlineBinary: Buffer.from([4, 3, 2, 1, 8, 7, 6, 5]).toString('base64') });
  t.deepEqual(decode('OD', bytes, BE), { vr: 'OD', InlineBinary: Buffer.from([8, 7, 6, 5, 4, 3, 2, 1]).toString('base64') });
  t.deepEqual(decode('OV', bytes, BE), { vr: 'OV', InlineBinary: Buffer.from([8, 7, 6, 5, 4, 3, 2, 1]).toString('base64') });
  t.deepEqual(decode('OB', bytes, BE), { vr: 'OB', InlineBinary: bytes.toString('base64') });
  t.deepEqual(decode('UN', bytes, BE), { vr: 'UN', InlineBinary: bytes.toString('base64') });
  t.deepEqual([...bytes], [1, 2, 3, 4, 5, 6, 7, 8], 'the source bytes are not swapped in place');
});
