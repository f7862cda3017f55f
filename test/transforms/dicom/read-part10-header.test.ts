import test from 'ava';
import { dicomFixtures, readFixture } from '../../helpers/dicom-fixtures.ts';
import { firstString } from '../../../transforms/dicom/dicom-json.ts';
import { DicomParseError, NeedMoreBytes } from '../../../transforms/dicom/dicom-parse-error.ts';
import { readFileMetaHeader, readPart10Header } from '../../../transforms/dicom/read-part10-header.ts';
import { element, EXPLICIT_LE, part10, text } from './dicom-test-bytes.ts';
import { mutatedDicomFiles, outcomeOf, topLevelElementStarts, unexpectedOutcomes } from './mutated-dicom-files.ts';

const SOP_INSTANCE_UID = '00080018';
const STUDY_INSTANCE_UID = '0020000D';
const SERIES_INSTANCE_UID = '0020000E';

test('every "store" fixture parses whole, with its SOP Instance, Study and Series UIDs and the meta header transfer syntax', (t) => {
  const stores = dicomFixtures().filter((fixture) => fixture.expected === 'store');
  t.true(stores.length > 40);
  const problems = stores.flatMap(({ file }) => {
    const header = readPart10Header(readFixture(file), true);
    const missing = [SOP_INSTANCE_UID, STUDY_INSTANCE_UID, SERIES_INSTANCE_UID].filter((tag) => !firstString(header.dataset, tag));
    const syntax = header.transferSyntaxUid === firstString(header.meta, '00020010') ? [] : ['transfer syntax'];
    return [...missing, ...syntax].map((what) => `${file}: ${what}`);
  });
  t.deepEqual(problems, []);
});

test('fixtures without a Part-10 header or cut short are a DicomParseError that says why', (t) => {
  const reasons: Record<string, RegExp> = {
    'no_meta.dcm': /bytes 128-131 are not "DICM"/,
    'rtstruct.dcm': /bytes 128-131 are not "DICM"/,
    'ExplVR_BigEndNoMeta.dcm': /bytes 128-131 are not "DICM"/,
    'meta_missing_tsyntax.dcm': /no Transfer Syntax UID \(0002,0010\)/,
    'rtplan_truncated.dcm': /the data ends inside the value of element \(300A,012C\).*truncated/,
    'SC_rgb_jpeg.dcm': /element \(0008,0008\) at offset \d+ has no valid VR/,
  };
  for (const [file, reason] of Object.entries(reasons)) {
    t.throws(() => readPart10Header(readFixture(file), true), { instanceOf: DicomParseError, message: reason }, file);
  }
});

test('patient names decode by their Specific Character Set', (t) => {
  const names: Record<string, object> = {
    'charset_files__chrH32.dcm': { Alphabetic: 'ﾔﾏﾀﾞ^ﾀﾛｳ', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' },
    'charset_files__chrGerm.dcm': { Alphabetic: 'Äneas^Rüdiger' },
    'charset_files__chrFren.dcm': { Alphabetic: 'Buc^Jérôme' },
    'charset_files__chrX1.dcm': { Alphabetic: 'Wang^XiaoDong', Ideographic: '王^小東' },
    'charset_files__chrX2.dcm': { Alphabetic: 'Wang^XiaoDong', Ideographic: '王^小东' },
    // The file itself mixes Latin c, e, y and p into the Cyrillic (pydicom expects the same).
    'charset_files__chrRuss.dcm': { Alphabetic: 'Люкceмбypг' },
    'charset_files__chrGreek.dcm': { Alphabetic: 'Διονυσιος' },
    'charset_files__chrArab.dcm': { Alphabetic: 'قباني^لنزار' },
    'charset_files__chrHbrw.dcm': { Alphabetic: 'שרון^דבורה' },
    'charset_files__chrJapMulti.dcm': { Alphabetic: 'やまだ^たろう' },
    'charset_files__chrJapMultiExplicitIR6.dcm': { Alphabetic: 'やまだ^たろう' },
  };
  for (const [file, name] of Object.entries(names)) {
    t.deepEqual(readPart10Header(readFixture(file), true).dataset['00100010'], { vr: 'PN', Value: [name] }, file);
  }
});

test('the file meta header is read without its group length, and the offsets point at the dataset and Pixel Data', (t) => {
  const bytes = readFixture('MR_small.dcm');
  const header = readPart10Header(bytes, true);
  t.is(header.transferSyntaxUid, '1.2.840.10008.1.2.1');
  t.false('00020000' in header.meta);
  t.deepEqual(header.meta['00020003'], { vr: 'UI', Value: [firstString(header.dataset, SOP_INSTANCE_UID)!] });
  t.is(bytes.readUInt16LE(header.datasetOffset), 0x0008);
  t.deepEqual([...bytes.subarray(header.pixelDataOffset!, header.pixelDataOffset! + 6)], [0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x57]);
  t.false('7FE00010' in header.dataset);
  t.deepEqual(readFileMetaHeader(bytes, true), { meta: header.meta, transferSyntaxUid: header.transferSyntaxUid, datasetOffset: header.datasetOffset });
});

test('the bulk data threshold and URI are the caller’s', (t) => {
  const bytes = readFixture('CT_small.dcm');
  t.deepEqual(readPart10Header(bytes, true).dataset['00431029'], { vr: 'OB', BulkDataURI: 'bulkdata/00431029' });
  const custom = readPart10Header(bytes, true, { bulkDataThreshold: 4, bulkDataUri: (path) => `{instance}/bulkdata/${path}` });
  t.deepEqual(custom.dataset['00431028'], { vr: 'OB', BulkDataURI: '{instance}/bulkdata/00431028' });
  t.deepEqual(custom.dataset['00431029'], { vr: 'OB', BulkDataURI: '{instance}/bulkdata/00431029' });
});

test('a malformed file meta header is a DicomParseError naming the element', (t) => {
  const valid = part10('1.2.840.10008.1.2.1', [element('00080018', 'UI', text('1.2.3.4', '\0'))]);
  t.throws(() => readPart10Header(Buffer.concat([Buffer.alloc(128), Buffer.from('DICN'), valid.subarray(132)]), true), { instanceOf: DicomParseError, message: /not "DICM"/ });
  t.throws(() => readPart10Header(Buffer.alloc(100), true), { instanceOf: DicomParseError, message: /preamble.*truncated/ });

  const badVr = Buffer.from(valid);
  badVr.write('u1', 132 + 4, 'latin1');
  t.throws(() => readPart10Header(badVr, true), { instanceOf: DicomParseError, message: /\(0002,0000\) has no valid VR/ });

  const undefinedLength = Buffer.concat([valid.subarray(0, 132), element('00020001', 'OB', Buffer.alloc(0), EXPLICIT_LE, 0xffffffff), valid.subarray(132)]);
  t.throws(() => readPart10Header(undefinedLength, true), { instanceOf: DicomParseError, message: /\(0002,0001\) has an undefined length/ });

  const endsInMeta = valid.subarray(0, 132 + 12 + 10);
  t.throws(() => readPart10Header(endsInMeta, true), { instanceOf: DicomParseError, message: /file meta/ });
  t.throws(() => readPart10Header(endsInMeta, false), { instanceOf: NeedMoreBytes });
});

test('big endian and implicit VR MR_small read as the explicit little endian one', (t) => {
  const reference = readPart10Header(readFixture('MR_small.dcm'), true).dataset;
  const bigEndian = readPart10Header(readFixture('MR_small_expb.dcm'), true).dataset;
  const implicit = readPart10Header(readFixture('MR_small_implicit.dcm'), true).dataset;
  t.deepEqual(bigEndian, reference);
  t.deepEqual(reference['00280010'], { vr: 'US', Value: [64] });
  t.deepEqual(reference['00280030'], { vr: 'DS', Value: [0.3125, 0.3125] });
  // Smallest/LargestImagePixelValue are US or SS; implicit VR reads them as US (see read-dicom-dataset.test.ts).
  const ambiguous = ['00280106', '00280107'];
  const unambiguous = (dataset: typeof reference) => Object.fromEntries(Object.entries(dataset).filter(([tag]) => !ambiguous.includes(tag)));
  t.deepEqual(unambiguous(implicit), unambiguous(reference));
  for (const tag of ['00280010', '00280011', '00100010', '00280030', '00200032', '00200037', '00180050', SOP_INSTANCE_UID, STUDY_INSTANCE_UID, SERIES_INSTANCE_UID]) {
    t.deepEqual(implicit[tag], reference[tag], tag);
    t.not(reference[tag], undefined, tag);
  }
});

const PREFIX_FIXTURES = ['MR_small.dcm', 'MR_small_implicit.dcm', 'MR_small_expb.dcm', 'charset_files__chrH32.dcm'];

test('a prefix cut inside the header is NeedMoreBytes; with the Pixel Data header in it, the read is the whole file’s', (t) => {
  for (const file of PREFIX_FIXTURES) {
    const bytes = readFixture(file);
    const whole = readPart10Header(bytes, true);
    const boundaries = new Set(topLevelElementStarts(bytes));
    const pixelDataHeaderEnd = whole.pixelDataOffset! + (whole.transferSyntaxUid === '1.2.840.10008.1.2' ? 8 : 12);
    const outcomes = new Set<string>();
    for (let length = 0; length < pixelDataHeaderEnd; length++) {
      if (!boundaries.has(length)) outcomes.add(outcomeOf(() => readPart10Header(bytes.subarray(0, length), false)).outcome);
    }
    t.deepEqual([...outcomes], ['NeedMoreBytes'], file);
    for (const length of [pixelDataHeaderEnd, pixelDataHeaderEnd + 1, bytes.length]) {
      t.deepEqual(readPart10Header(bytes.subarray(0, length), false), whole, `${file} ${length}`);
    }
  }
});

test('a prefix cut exactly between two elements before Pixel Data is NeedMoreBytes too', (t) => {
  const bytes = readFixture('MR_small.dcm');
  const pixelDataOffset = readPart10Header(bytes, true).pixelDataOffset!;
  const boundaries = topLevelElementStarts(bytes).filter((start) => start <= pixelDataOffset);
  t.true(boundaries.length > 50);
  const partial = boundaries.filter((length) => outcomeOf(() => readPart10Header(bytes.subarray(0, length), false)).outcome !== 'NeedMoreBytes');
  t.deepEqual(partial, []);
});

test('fuzz: damaged files either read or fail with a DicomParseError', (t) => {
  t.deepEqual(unexpectedOutcomes(mutatedDicomFiles(1, 3000), (bytes) => readPart10Header(bytes, true), ['returned', 'DicomParseError']), []);
});

test('fuzz: damaged prefixes either read, fail with a DicomParseError or ask for more bytes', (t) => {
  t.deepEqual(unexpectedOutcomes(mutatedDicomFiles(2, 3000), (bytes) => readPart10Header(bytes, false), ['returned', 'DicomParseError', 'NeedMoreBytes']), []);
});
