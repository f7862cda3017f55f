import test from 'ava';
import { readFixture } from '../../helpers/dicom-fixtures.ts';
import { firstString } from '../../../transforms/dicom/dicom-json.ts';
import { DicomParseError } from '../../../transforms/dicom/dicom-parse-error.ts';
import { readPart10Header } from '../../../transforms/dicom/read-part10-header.ts';
import { transcodeNative, transcodeToExplicitLittleEndian } from '../../../transforms/dicom/transcode-to-explicit-little-endian.ts';
import { IMPLEMENTATION_CLASS_UID } from '../../../transforms/dicom/write-file-meta.ts';
import { element, EXPLICIT_BE, EXPLICIT_LE, IMPLICIT_LE, part10, sequence, text, uint16s, UNDEFINED_LENGTH } from './dicom-test-bytes.ts';
import { mutatedDicomFiles, outcomeOf, unexpectedOutcomes } from './mutated-dicom-files.ts';

const EXPLICIT = '1.2.840.10008.1.2.1';
const IMPLICIT = '1.2.840.10008.1.2';

/** The bytes of the top-level Pixel Data value. */
function pixelBytes(file: Buffer): Buffer {
  const { pixelDataOffset, transferSyntaxUid } = readPart10Header(file, true);
  const headerLength = transferSyntaxUid === IMPLICIT ? 8 : 12;
  const length = transferSyntaxUid === '1.2.840.10008.1.2.2' ? file.readUInt32BE(pixelDataOffset! + 8) : file.readUInt32LE(pixelDataOffset! + headerLength - 4);
  return file.subarray(pixelDataOffset! + headerLength, pixelDataOffset! + headerLength + length);
}

test('implicit VR, big endian and deflated files become explicit VR little endian with the same dataset', (t) => {
  for (const file of ['MR_small_implicit.dcm', 'MR_small_expb.dcm', 'image_dfl.dcm', 'ExplVR_BigEnd.dcm', 'MR_small.dcm', 'charset_files__chrH32.dcm']) {
    const source = readPart10Header(readFixture(file), true);
    const transcoded = readPart10Header(transcodeToExplicitLittleEndian(readFixture(file)), true);
    t.is(transcoded.transferSyntaxUid, EXPLICIT, file);
    t.deepEqual(transcoded.dataset, source.dataset, file);
    t.not(transcoded.pixelDataOffset, null, file);
  }
});

test('big endian 16-bit pixels are swapped into the little endian file’s bytes', (t) => {
  const transcoded = transcodeToExplicitLittleEndian(readFixture('MR_small_expb.dcm'));
  const reference = readFixture('MR_small.dcm');
  t.is(pixelBytes(transcoded).length, 64 * 64 * 2);
  t.true(pixelBytes(transcoded).equals(pixelBytes(reference)));
  const { pixelDataOffset } = readPart10Header(transcoded, true);
  t.is(transcoded.toString('latin1', pixelDataOffset! + 4, pixelDataOffset! + 6), 'OW');
});

test('implicit VR pixels keep their bytes and get OW for 16 bits allocated', (t) => {
  const transcoded = transcodeToExplicitLittleEndian(readFixture('MR_small_implicit.dcm'));
  const { pixelDataOffset } = readPart10Header(transcoded, true);
  t.is(transcoded.toString('latin1', pixelDataOffset! + 4, pixelDataOffset! + 6), 'OW');
  t.true(pixelBytes(transcoded).equals(pixelBytes(readFixture('MR_small.dcm'))));
});

test('the file meta header is Plexus’s, with the instance’s SOP Class and Instance UIDs', (t) => {
  const source = readPart10Header(readFixture('MR_small_expb.dcm'), true);
  const { meta } = readPart10Header(transcodeToExplicitLittleEndian(readFixture('MR_small_expb.dcm')), true);
  t.is(firstString(meta, '00020002'), firstString(source.meta, '00020002'));
  t.is(firstString(meta, '00020003'), firstString(source.dataset, '00080018'));
  t.is(firstString(meta, '00020010'), EXPLICIT);
  t.is(firstString(meta, '00020012'), IMPLEMENTATION_CLASS_UID);
});

test('implicit VR output round-trips: same dataset, same pixels, and transcoding again changes nothing', (t) => {
  const implicit = readFixture('MR_small_implicit.dcm');
  const fromBigEndian = transcodeNative(readFixture('MR_small_expb.dcm'), IMPLICIT);
  const fromExplicit = transcodeNative(readFixture('MR_small.dcm'), IMPLICIT);
  for (const output of [transcodeNative(implicit, IMPLICIT), fromBigEndian, fromExplicit]) {
    const header = readPart10Header(output, true);
    t.is(header.transferSyntaxUid, IMPLICIT);
    t.deepEqual(header.dataset, readPart10Header(implicit, true).dataset);
    t.true(pixelBytes(output).equals(pixelBytes(implicit)));
    t.true(transcodeNative(output, IMPLICIT).equals(output));
  }
  t.true(fromBigEndian.equals(fromExplicit));
  const back = transcodeToExplicitLittleEndian(fromExplicit);
  t.true(transcodeToExplicitLittleEndian(back).equals(back));
  t.true(pixelBytes(back).equals(pixelBytes(readFixture('MR_small.dcm'))));
});

test('group lengths are dropped; values past 64 KB in a short VR become UN', (t) => {
  const long = Buffer.alloc(0x10002, 0x41);
  const file = part10(IMPLICIT, [element('00080000', 'UL', Buffer.from([8, 0, 0, 0]), IMPLICIT_LE), element('00080018', 'UI', text('1.2.3.4', '\0'), IMPLICIT_LE), element('00081030', 'LO', long, IMPLICIT_LE)]);
  const { dataset } = readPart10Header(transcodeToExplicitLittleEndian(file), true);
  t.deepEqual(Object.keys(dataset), ['00080018', '00081030']);
  t.deepEqual(dataset['00081030'], { vr: 'UN', BulkDataURI: 'bulkdata/00081030' });
});

test('compressed transfer syntaxes are refused with a DicomParseError', (t) => {
  for (const file of ['JPEG2000.dcm', 'MR_small_RLE.dcm', 'SC_rgb_jpeg_dcmtk.dcm']) {
    t.throws(() => transcodeToExplicitLittleEndian(readFixture(file)), { instanceOf: DicomParseError, message: /is a compressed transfer syntax: decode it first$/ }, file);
  }
  t.throws(() => transcodeToExplicitLittleEndian(readFixture('no_meta.dcm')), { instanceOf: DicomParseError });
});

test('a big endian file with an undefined-length sequence of undefined-length items', (t) => {
  const file = part10('1.2.840.10008.1.2.2', [
    element('00080018', 'UI', text('1.2.3.4', '\0'), EXPLICIT_BE),
    sequence('00081115', [], EXPLICIT_BE),
    element('00280010', 'US', uint16s([0x0102], false), EXPLICIT_BE),
  ]);
  t.deepEqual(readPart10Header(transcodeToExplicitLittleEndian(file), true).dataset, readPart10Header(file, true).dataset);
});

test('files with sequences transcode to a file with the same dataset', (t) => {
  const files = ['CT_small.dcm', 'reportsi.dcm', 'waveform_ecg.dcm', 'rtdose_1frame.dcm', 'rtdose_expb.dcm', 'liver_expb_1frame.dcm', 'badVR.dcm', 'charset_files__chrSQEncoding.dcm', 'SC_rgb_small_odd.dcm'];
  const datasetOf = (file: Buffer) => JSON.stringify(readPart10Header(file, true).dataset);
  const broken = files.flatMap((file) => {
    const source = readFixture(file);
    const { outcome, message } = outcomeOf(() => {
      if (datasetOf(transcodeToExplicitLittleEndian(source)) !== datasetOf(source)) throw new Error('another dataset');
    });
    return outcome === 'returned' ? [] : [`${file}: ${message}`];
  });
  t.deepEqual(broken, []);
});

test('a synthetic sequence with one element in one item survives transcoding', (t) => {
  const file = part10(EXPLICIT, [element('00080018', 'UI', text('1.2.3.4', '\0')), sequence('00081115', [element('00081150', 'UI', text('1.2', '\0'))]), element('00100020', 'LO', text('id'))]);
  t.deepEqual(readPart10Header(transcodeToExplicitLittleEndian(file), true).dataset, readPart10Header(file, true).dataset);
});

test('a big endian UN sequence of undefined length transcodes', (t) => {
  const implicitSequence = sequence('00091000', [element('00100010', 'PN', text('A^B'), IMPLICIT_LE)], IMPLICIT_LE);
  const file = part10('1.2.840.10008.1.2.2', [element('00080018', 'UI', text('1.2.3.4', '\0'), EXPLICIT_BE), element('00091000', 'UN', implicitSequence.subarray(8), EXPLICIT_BE, UNDEFINED_LENGTH)]);
  const { dataset } = readPart10Header(transcodeToExplicitLittleEndian(file), true);
  t.deepEqual(dataset['00091000'], { vr: 'SQ', Value: [{ '00100010': { vr: 'PN', Value: [{ Alphabetic: 'A^B' }] } }] });
});

test('sequences nested without end after Pixel Data are a DicomParseError, not a stack overflow', (t) => {
  const level = Buffer.concat([element('0040A730', 'SQ', Buffer.alloc(0), EXPLICIT_LE, UNDEFINED_LENGTH), Buffer.from([0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff])]);
  const file = Buffer.concat([readFixture('MR_small.dcm'), ...Array.from({ length: 5000 }, () => level)]);
  t.throws(() => transcodeToExplicitLittleEndian(file), { instanceOf: DicomParseError });
});

test('fuzz: damaged files either transcode or fail with a DicomParseError', (t) => {
  t.deepEqual(unexpectedOutcomes(mutatedDicomFiles(3, 2500), (bytes) => transcodeToExplicitLittleEndian(bytes), ['returned', 'DicomParseError']), []);
});

test('fuzz: damaged files either transcode to implicit VR or fail with a DicomParseError', (t) => {
  t.deepEqual(unexpectedOutcomes(mutatedDicomFiles(4, 1500), (bytes) => transcodeNative(bytes, IMPLICIT), ['returned', 'DicomParseError']), []);
});
