import test from 'ava';
import { newEnvelope } from '../../../engine/channels/new-envelope.ts';
import { runStages } from '../../../engine/channels/run-stages.ts';
import type { Envelope } from '../../../engine/channels/envelope.ts';
import type { FilterCondition } from '../../../engine/channels/stage.ts';
import { ParsedDicomInstance } from '../../../transforms/dicom/parsed-dicom-instance.ts';
import { readPart10Header } from '../../../transforms/dicom/read-part10-header.ts';
import { buildStages } from '../../../transforms/stages/build-stages.ts';
import { StageBuildError } from '../../../transforms/stages/stage-build-error.ts';
import { readFixture } from '../../helpers/dicom-fixtures.ts';

function dicomEnvelope(raw: Buffer, rawBlob?: { sha256: string; size: number }): Envelope {
  return newEnvelope('test-channel', {
    raw,
    rawBlob,
    contentType: 'application/dicom',
    origin: { connectionId: 'a1', peer: '127.0.0.1', principal: 'dimse:CT@127.0.0.1', method: 'C-STORE' },
  });
}

const stagesWith = (condition?: FilterCondition) => buildStages([{ kind: 'parse', format: 'dicom' }, ...(condition ? [{ kind: 'filter' as const, condition }] : [])]);

test('parse: dicom reads the header up to Pixel Data; the journal learns the SOP Class name and SOP Instance UID', async (t) => {
  const ct = readFixture('CT_small.dcm');
  const envelope = await runStages(stagesWith(), dicomEnvelope(ct));
  t.is(envelope.status, 'TRANSFORMED');
  t.true(envelope.parsed instanceof ParsedDicomInstance);
  t.is(envelope.messageType, 'CT Image Storage');
  t.is(envelope.controlId, '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322');
  t.false('7FE00010' in (envelope.parsed as ParsedDicomInstance).dataset, 'the pixels are not read');
});

test('an instance received as a blob is parsed from its header alone, cut at Pixel Data', async (t) => {
  const ct = readFixture('CT_small.dcm');
  const header = ct.subarray(0, readPart10Header(ct, true).pixelDataOffset!);
  const envelope = await runStages(stagesWith({ kind: 'equals', field: 'Modality', value: 'CT' }), dicomEnvelope(header, { sha256: 'a'.repeat(64), size: ct.length }));
  t.is(envelope.status, 'TRANSFORMED');
  t.is(envelope.content, envelope.raw, 'the content is left as received, so the blob is what lands');
});

test('filters read attributes by keyword or tag as DICOM writes them: values joined by a backslash, names by their alphabetic group', async (t) => {
  const ct = readFixture('CT_small.dcm');
  const status = async (condition: FilterCondition) => (await runStages(stagesWith(condition), dicomEnvelope(ct))).status;
  t.is(await status({ kind: 'equals', field: 'Modality', value: 'CT' }), 'TRANSFORMED');
  t.is(await status({ kind: 'equals', field: '00080060', value: 'CT' }), 'TRANSFORMED');
  t.is(await status({ kind: 'equals', field: '(0008,0060)', value: 'MR' }), 'FILTERED');
  t.is(await status({ kind: 'matches', field: 'ImageType', pattern: '^ORIGINAL\\\\PRIMARY' }), 'TRANSFORMED');
  t.is(await status({ kind: 'equals', field: 'PatientName', value: 'CompressedSamples^CT1' }), 'TRANSFORMED');
  t.is(await status({ kind: 'in', field: 'SOPClassUID', values: ['1.2.840.10008.5.1.4.1.1.2'] }), 'TRANSFORMED');
  t.is(await status({ kind: 'equals', field: 'AccessionNumber', value: '' }), 'TRANSFORMED', 'an absent or empty attribute reads as empty');
});

test('a filter naming no attribute of the data dictionary is refused when the channel is built', (t) => {
  const error = t.throws(() => stagesWith({ kind: 'all', conditions: [{ kind: 'equals', field: 'Modality', value: 'CT' }, { kind: 'equals', field: 'Modallity', value: 'CT' }] }));
  t.true(error instanceof StageBuildError);
  t.is(error?.message, 'stages[1].filter: Modallity is not a DICOM attribute keyword of the data dictionary');
});

test('what is no DICOM file is ERROR, unparseable, with the reader\'s reason; malformed input never throws', async (t) => {
  const envelope = await runStages(stagesWith(), dicomEnvelope(Buffer.from('MSH|^~\\&|not dicom')));
  t.is(envelope.status, 'ERROR');
  t.is(envelope.error?.kind, 'content');
  t.true(envelope.error?.unparseable);
  t.regex(envelope.error?.text ?? '', /^the DICOM instance cannot be read: /);
  const ct = readFixture('CT_small.dcm');
  for (let cut = 0; cut < 2000; cut += 7) {
    const truncated = await runStages(stagesWith(), dicomEnvelope(ct.subarray(0, cut)));
    t.true(truncated.status === 'ERROR' || truncated.status === 'TRANSFORMED');
  }
});
