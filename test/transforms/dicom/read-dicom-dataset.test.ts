import test from 'ava';
import { deflateRawSync } from 'node:zlib';
import { readFixture } from '../../helpers/dicom-fixtures.ts';
import { DicomParseError, NeedMoreBytes } from '../../../transforms/dicom/dicom-parse-error.ts';
import { readDicomDataset, type ReadDatasetOptions } from '../../../transforms/dicom/read-dicom-dataset.ts';
import { readPart10Header } from '../../../transforms/dicom/read-part10-header.ts';
import { definedSequence, element, EXPLICIT_BE, EXPLICIT_LE, IMPLICIT_LE, itemTag, sequence, text, uint16s, UNDEFINED_LENGTH } from './dicom-test-bytes.ts';

const EXPLICIT = '1.2.840.10008.1.2.1';
const IMPLICIT = '1.2.840.10008.1.2';
const BIG_ENDIAN = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';

function read(bytes: Buffer, options: Partial<ReadDatasetOptions> = {}) {
  return readDicomDataset(bytes, 0, { transferSyntaxUid: EXPLICIT, complete: true, stopAtPixelData: false, ...options });
}

const pixelData = (encoding = EXPLICIT_LE) => element('7FE00010', 'OW', uint16s([1, 2, 3, 4], encoding.littleEndian), encoding);

test('elements of every kind read into DICOM JSON; group lengths are left out', (t) => {
  const bytes = Buffer.concat([
    element('00080000', 'UL', Buffer.from([4, 0, 0, 0])),
    element('00080018', 'UI', text('1.2.3', '\0')),
    element('00100010', 'PN', text('Doe^Jane')),
    element('00280010', 'US', uint16s([512])),
  ]);
  t.deepEqual(read(bytes), {
    dataset: {
      '00080018': { vr: 'UI', Value: ['1.2.3'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
      '00280010': { vr: 'US', Value: [512] },
    },
    pixelDataOffset: null,
  });
});

test('reading stops at the top-level Pixel Data when asked, and gives its offset; otherwise Pixel Data is a BulkDataURI', (t) => {
  const head = Buffer.concat([Buffer.alloc(10), element('00280010', 'US', uint16s([2]))]);
  const bytes = Buffer.concat([head, pixelData(), element('FFFCFFFC', 'OB', Buffer.alloc(2))]);
  t.deepEqual(readDicomDataset(bytes, 10, { transferSyntaxUid: EXPLICIT, complete: true, stopAtPixelData: true }), {
    dataset: { '00280010': { vr: 'US', Value: [2] } },
    pixelDataOffset: head.length,
  });
  const whole = readDicomDataset(bytes, 10, { transferSyntaxUid: EXPLICIT, complete: true, stopAtPixelData: false, bulkDataThreshold: 4, bulkDataUri: (path) => `b/${path}` });
  t.deepEqual(whole.dataset['7FE00010'], { vr: 'OW', BulkDataURI: 'b/7FE00010' });
  t.deepEqual(whole.dataset.FFFCFFFC, { vr: 'OB', InlineBinary: 'AAA=' });
  t.is(whole.pixelDataOffset, null);
});

test('Pixel Data inside a sequence item does not stop the read', (t) => {
  const bytes = Buffer.concat([sequence('00089121', [pixelData()]), element('00280010', 'US', uint16s([3]))]);
  const { dataset, pixelDataOffset } = read(bytes, { stopAtPixelData: true, bulkDataThreshold: 0 });
  t.is(pixelDataOffset, null);
  t.deepEqual(dataset['00089121'], { vr: 'SQ', Value: [{ '7FE00010': { vr: 'OW', BulkDataURI: 'bulkdata/00089121/0/7FE00010' } }] });
  t.deepEqual(dataset['00280010'], { vr: 'US', Value: [3] });
});

test('encapsulated Pixel Data is stepped over fragment by fragment', (t) => {
  const file = readFixture('JPEG2000.dcm');
  const header = readPart10Header(file, true);
  const whole = readDicomDataset(file, header.datasetOffset, { transferSyntaxUid: header.transferSyntaxUid, complete: true, stopAtPixelData: false });
  t.deepEqual(whole.dataset['7FE00010'], { vr: 'OB', BulkDataURI: 'bulkdata/7FE00010' });
  t.deepEqual({ ...whole.dataset, '7FE00010': undefined }, { ...header.dataset, '7FE00010': undefined });

  const fragments = Buffer.concat([element('7FE00010', 'OB', Buffer.alloc(0), EXPLICIT_LE, UNDEFINED_LENGTH), itemTag('FFFEE000', 0), itemTag('FFFEE000', 4), Buffer.alloc(4)]);
  t.throws(() => read(Buffer.concat([fragments, element('00080018', 'UI', text('1', '\0'))])), { instanceOf: DicomParseError, message: /encapsulated 7FE00010 holds 00080018 where a fragment was expected/ });
  t.throws(() => read(fragments), { instanceOf: DicomParseError, message: /truncated/ });
});

test('sequences of defined and undefined length, nested, with paths in their BulkDataURIs', (t) => {
  const inner = element('00420011', 'OB', Buffer.alloc(8));
  const bytes = Buffer.concat([
    sequence('00081115', [definedSequence('0008114A', [element('00081155', 'UI', text('1.2', '\0')), inner]), Buffer.alloc(0)]),
    definedSequence('00400260', [element('00080100', 'SH', text('T-1')), element('00080100', 'SH', text('T-2'))]),
    element('00100020', 'LO', text('id')),
  ]);
  t.deepEqual(read(bytes, { bulkDataThreshold: 4 }).dataset, {
    '00081115': {
      vr: 'SQ',
      Value: [{ '0008114A': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2'] } }, { '00420011': { vr: 'OB', BulkDataURI: 'bulkdata/00081115/0/0008114A/1/00420011' } }] } }, {}],
    },
    '00400260': { vr: 'SQ', Value: [{ '00080100': { vr: 'SH', Value: ['T-1'] } }, { '00080100': { vr: 'SH', Value: ['T-2'] } }] },
    '00100020': { vr: 'LO', Value: ['id'] },
  });
});

test('an explicit VR UN of undefined length is a sequence read as implicit VR little endian', (t) => {
  const content = Buffer.concat([element('00100010', 'PN', text('A^B'), IMPLICIT_LE), element('00091001', 'UN', Buffer.from('xy'), IMPLICIT_LE)]);
  const implicitSequence = sequence('00091000', [content], IMPLICIT_LE);
  const bytes = Buffer.concat([element('00091000', 'UN', implicitSequence.subarray(8), EXPLICIT_LE, UNDEFINED_LENGTH), element('00100020', 'LO', text('id'))]);
  t.deepEqual(read(bytes).dataset, {
    '00091000': { vr: 'SQ', Value: [{ '00100010': { vr: 'PN', Value: [{ Alphabetic: 'A^B' }] }, '00091001': { vr: 'UN', InlineBinary: 'eHk=' } }] },
    '00100020': { vr: 'LO', Value: ['id'] },
  });
});

test('an explicit VR UN of undefined length in a big endian dataset is implicit VR little endian inside', (t) => {
  const implicitSequence = sequence('00091000', [element('00100010', 'PN', text('A^B'), IMPLICIT_LE)], IMPLICIT_LE);
  const bytes = Buffer.concat([element('00091000', 'UN', implicitSequence.subarray(8), EXPLICIT_BE, UNDEFINED_LENGTH), element('00100020', 'LO', text('id'), EXPLICIT_BE)]);
  t.deepEqual(read(bytes, { transferSyntaxUid: BIG_ENDIAN }).dataset, {
    '00091000': { vr: 'SQ', Value: [{ '00100010': { vr: 'PN', Value: [{ Alphabetic: 'A^B' }] } }] },
    '00100020': { vr: 'LO', Value: ['id'] },
  });
});

test('implicit VR takes VRs from the dictionary; private creators are LO and unknown private data UN', (t) => {
  const bytes = Buffer.concat([
    element('00100010', 'PN', text('Doe^J'), IMPLICIT_LE),
    element('00280010', 'US', uint16s([7]), IMPLICIT_LE),
    element('00090010', 'LO', text('ACME'), IMPLICIT_LE),
    element('00091001', 'UN', Buffer.from([1, 2]), IMPLICIT_LE),
    sequence('00081115', [element('00081155', 'UI', text('1.2', '\0'), IMPLICIT_LE)], IMPLICIT_LE),
  ]);
  t.deepEqual(read(bytes, { transferSyntaxUid: IMPLICIT }).dataset, {
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^J' }] },
    '00280010': { vr: 'US', Value: [7] },
    '00090010': { vr: 'LO', Value: ['ACME'] },
    '00091001': { vr: 'UN', InlineBinary: 'AQI=' },
    '00081115': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2'] } }] },
  });
});

test('implicit VR: US or SS attributes of a signed image read as SS', (t) => {
  const bytes = Buffer.concat([element('00280103', 'US', uint16s([1]), IMPLICIT_LE), element('00280106', 'SS', uint16s([0x10000 - 2000]), IMPLICIT_LE)]);
  t.deepEqual(read(bytes, { transferSyntaxUid: IMPLICIT }).dataset['00280106'], { vr: 'SS', Value: [-2000] });
});

test('implicit VR Pixel Data of a 16-bit image reads as OW', (t) => {
  const file = readFixture('MR_small_implicit.dcm');
  const header = readPart10Header(file, true);
  const { dataset } = readDicomDataset(file, header.datasetOffset, { transferSyntaxUid: IMPLICIT, complete: true, stopAtPixelData: false });
  t.deepEqual(dataset['7FE00010'], { vr: 'OW', BulkDataURI: 'bulkdata/7FE00010' });
});

test('big endian values are swapped; text is not', (t) => {
  const bytes = Buffer.concat([
    element('00280010', 'US', uint16s([0x0102], false), EXPLICIT_BE),
    element('00100010', 'PN', text('Big^Endian'), EXPLICIT_BE),
    element('00540081', 'UL', Buffer.from([0, 0, 1, 0]), EXPLICIT_BE),
  ]);
  t.deepEqual(read(bytes, { transferSyntaxUid: BIG_ENDIAN }).dataset, {
    '00280010': { vr: 'US', Value: [0x0102] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Big^Endian' }] },
    '00540081': { vr: 'UL', Value: [256] },
  });
});

test('Specific Character Set applies to the elements after it, inside items too', (t) => {
  const bytes = Buffer.concat([
    element('00080005', 'CS', text('ISO_IR 100')),
    sequence('00081115', [element('00100010', 'PN', text('M\xfcller'))]),
    element('00100010', 'PN', text('J\xe9r\xf4me')),
  ]);
  const { dataset } = read(bytes);
  t.deepEqual(dataset['00081115'], { vr: 'SQ', Value: [{ '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Müller' }] } }] });
  t.deepEqual(dataset['00100010'], { vr: 'PN', Value: [{ Alphabetic: 'Jérôme' }] });
});

test('an item’s Specific Character Set does not apply after the item', (t) => {
  const bytes = Buffer.concat([
    element('00080005', 'CS', text('ISO_IR 100')),
    sequence('00081115', [element('00080005', 'CS', text('ISO_IR 192'))]),
    element('00100010', 'PN', text('M\xfcller')),
  ]);
  t.deepEqual(read(bytes).dataset['00100010'], { vr: 'PN', Value: [{ Alphabetic: 'Müller' }] });
});

test('a deflated dataset is inflated whole; a damaged one is a DicomParseError', (t) => {
  const plain = Buffer.concat([element('00100020', 'LO', text('deflated')), element('00280010', 'US', uint16s([9]))]);
  const deflated = deflateRawSync(plain);
  t.deepEqual(read(deflated, { transferSyntaxUid: DEFLATED, stopAtPixelData: true }), { dataset: read(plain).dataset, pixelDataOffset: null });
  t.throws(() => read(deflated, { transferSyntaxUid: DEFLATED, complete: false }), { instanceOf: NeedMoreBytes });
  t.throws(() => read(Buffer.from('not deflate data at all'), { transferSyntaxUid: DEFLATED }), { instanceOf: DicomParseError, message: /does not inflate/ });
  t.throws(() => read(deflated.subarray(0, deflated.length - 3), { transferSyntaxUid: DEFLATED }), { instanceOf: DicomParseError });
});

test('structural errors are DicomParseErrors that say where', (t) => {
  const cases: Array<[Buffer, RegExp]> = [
    [itemTag('FFFEE00D', 0), /an item delimiter outside any item at offset 0/],
    [itemTag('FFFEE000', 0), /an item tag FFFEE000 where an element was expected, at FFFEE000/],
    [itemTag('FFFEE0DD', 0), /an item tag FFFEE0DD where an element was expected/],
    [Buffer.concat([element('00081115', 'SQ', element('00100010', 'PN', text('x')), EXPLICIT_LE)]), /sequence 00081115 holds 00100010 where an item was expected/],
    [Buffer.concat([element('00100010', 'PN', text('x')), Buffer.from([0x10, 0, 0x20, 0, 0x6c, 0x6f, 2, 0])]), /element \(0010,0020\) at offset 10 has no valid VR \(bytes "lo"\)/],
    [element('00100010', 'LO', Buffer.alloc(0), EXPLICIT_LE, 10), /the data ends inside the value of element \(0010,0010\) \(offset 8, 10 bytes needed, 0 left\)/],
    [Buffer.from([0x10, 0, 0x10, 0, 0x4f, 0x42, 0, 0, 0]), /the data ends inside the header of element \(0010,0010\)/],
    [Buffer.from([0x10, 0, 0x10]), /the data ends inside an element header/],
    [element('00100010', 'OB', Buffer.alloc(0), EXPLICIT_LE, 0xfffffff1), /impossible length 4294967281/],
  ];
  for (const [bytes, message] of cases) t.throws(() => read(bytes), { instanceOf: DicomParseError, message }, message.source);
});

test('the same bytes, incomplete, ask for more instead', (t) => {
  t.throws(() => read(element('00100010', 'LO', Buffer.alloc(0), EXPLICIT_LE, 10), { complete: false }), { instanceOf: NeedMoreBytes });
  t.throws(() => read(sequence('00081115', [element('00100010', 'PN', text('x'))]).subarray(0, 30), { complete: false }), { instanceOf: NeedMoreBytes });
});

test('sequences nested deeper than 32 are refused; 32 are read', (t) => {
  const nest = (depth: number): Buffer => (depth === 0 ? element('00100010', 'PN', text('deep')) : sequence('0040A730', [nest(depth - 1)]));
  const depthOf = (value: unknown): number => {
    const items = (value as { '0040A730'?: { Value: unknown[] } })['0040A730']?.Value;
    return items ? 1 + depthOf(items[0]) : 0;
  };
  t.is(depthOf(read(nest(32)).dataset), 32);
  t.throws(() => read(nest(33)), { instanceOf: DicomParseError, message: /sequences nest deeper than 32 at 0040A730(\/0\/0040A730){32}$/ });
});
