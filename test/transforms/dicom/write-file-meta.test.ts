import test from 'ava';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, writeFileMeta } from '../../../transforms/dicom/write-file-meta.ts';
import { readFileMetaHeader } from '../../../transforms/dicom/read-part10-header.ts';

const FIELDS = { mediaStorageSopClassUid: '1.2.840.10008.5.1.4.1.1.4', mediaStorageSopInstanceUid: '1.2.3.45', transferSyntaxUid: '1.2.840.10008.1.2.1' };

test('a zero preamble, DICM and a file meta header the reader gives back', (t) => {
  const bytes = writeFileMeta(FIELDS);
  t.deepEqual(bytes.subarray(0, 128), Buffer.alloc(128));
  t.is(bytes.toString('latin1', 128, 132), 'DICM');
  t.deepEqual(readFileMetaHeader(Buffer.concat([bytes, Buffer.from([8, 0, 0x18, 0, 0x55, 0x49, 0, 0])]), true), {
    meta: {
      '00020001': { vr: 'OB', InlineBinary: 'AAE=' },
      '00020002': { vr: 'UI', Value: [FIELDS.mediaStorageSopClassUid] },
      '00020003': { vr: 'UI', Value: [FIELDS.mediaStorageSopInstanceUid] },
      '00020010': { vr: 'UI', Value: [FIELDS.transferSyntaxUid] },
      '00020012': { vr: 'UI', Value: [IMPLEMENTATION_CLASS_UID] },
      '00020013': { vr: 'SH', Value: [IMPLEMENTATION_VERSION_NAME] },
    },
    transferSyntaxUid: FIELDS.transferSyntaxUid,
    datasetOffset: bytes.length,
  });
});

test('the group length counts every byte after it', (t) => {
  const bytes = writeFileMeta({ ...FIELDS, sourceApplicationEntityTitle: 'MODALITY' });
  t.is(bytes.toString('latin1', 132, 140), '\x02\x00\x00\x00UL\x04\x00');
  t.is(bytes.readUInt32LE(140), bytes.length - 144);
});

test('odd-length UIDs are padded with NUL and text with a space; the AE title is there only when given', (t) => {
  const bytes = writeFileMeta({ ...FIELDS, mediaStorageSopInstanceUid: '1.2.3', sourceApplicationEntityTitle: 'CT1' });
  t.true(bytes.includes(Buffer.from('UI\x06\x001.2.3\0', 'latin1')));
  t.true(bytes.includes(Buffer.from('\x02\x00\x16\x00AE\x04\x00CT1 ', 'latin1')));
  t.is(bytes.length % 2, 0);
  const { meta } = readFileMetaHeader(Buffer.concat([bytes, Buffer.alloc(8, 8)]), true);
  t.deepEqual(meta['00020003'], { vr: 'UI', Value: ['1.2.3'] });
  t.deepEqual(meta['00020016'], { vr: 'AE', Value: ['CT1'] });
  t.false(writeFileMeta(FIELDS).includes(Buffer.from([0x02, 0x00, 0x16, 0x00])));
});

test('the implementation class UID is a valid UUID-derived UID', (t) => {
  t.regex(IMPLEMENTATION_CLASS_UID, /^2\.25\.(0|[1-9]\d*)$/);
  t.true(IMPLEMENTATION_CLASS_UID.length <= 64);
  t.true(BigInt(IMPLEMENTATION_CLASS_UID.slice(5)) < 2n ** 128n);
  t.true(IMPLEMENTATION_VERSION_NAME.length <= 16);
});
