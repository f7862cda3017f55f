import { randomBytes } from 'node:crypto';
import test from 'ava';
import type { Operation } from '../../../engine/operations/operation.ts';
import type { OperationContext } from '../../../engine/operations/operation-handler.ts';
import type { OperationProgress } from '../../../engine/operations/operation-store.ts';
import { deleteDicomScopeOperation, type DicomDeleteRequest } from '../../../stores/dicom/delete-dicom-scope-operation.ts';
import { newDicomStore, readFixture, stow } from '../../helpers/dicom-fixtures.ts';
import { startTestEngine, type TestEngine } from '../../helpers/test-engine.ts';

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine();
});
test.after.always(async () => {
  await engine?.stop();
});

const CT_STUDY = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';

/** `count` copies of CT_small under new SOP Instance UIDs, stored in one new DICOM store: its dicomWeb path. */
async function storeWithCopies(count: number): Promise<string> {
  const dicomWeb = await newDicomStore(engine);
  const ct = readFixture('CT_small.dcm');
  const uid = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';
  const copies = Array.from({ length: count }, (_, i) => {
    const copy = Buffer.from(ct.toString('latin1').replaceAll(uid, `${uid.slice(0, -5)}${String(10000 + i)}`), 'latin1');
    copy[copy.length - 1] ^= randomBytes(1)[0] | 1;
    return copy;
  });
  const res = await stow(engine, dicomWeb, copies);
  if (res.status !== 200) throw new Error(`STOW ${res.status} ${await res.text()}`);
  return dicomWeb;
}

function contextFor(dicomWeb: string, checkpoint: unknown, saved: OperationProgress[], loseLeaseAfter = Infinity): OperationContext {
  const [, project, , , , dataset, , dicomStore] = dicomWeb.slice('/v1/'.length).split('/');
  const request: DicomDeleteRequest = { dicomStore, studyUid: CT_STUDY };
  return {
    operation: { project, dataset, request } as unknown as Operation,
    region: engine.regions.get('local'),
    checkpoint,
    async saveProgress(progress) {
      saved.push(progress);
      if (saved.length >= loseLeaseAfter) throw new Error('lease lost');
    },
    isCancelled: () => false,
    signal: new AbortController().signal,
  };
}

test('a study is deleted in batches; a restarted operation carries on from its checkpoint', async (t) => {
  const dicomWeb = await storeWithCopies(5);
  t.is((await (await engine.api(`${dicomWeb}/studies/${CT_STUDY}/instances`)).json()).length, 5);
  const handler = deleteDicomScopeOperation(2);
  const first: OperationProgress[] = [];
  await t.throwsAsync(handler(contextFor(dicomWeb, null, first, 1)), { message: 'lease lost' });
  t.deepEqual(first.map((p) => p.checkpoint), [2], 'one batch of two, then the lease was lost');
  t.is((await (await engine.api(`${dicomWeb}/studies/${CT_STUDY}/instances`)).json()).length, 3);
  const second: OperationProgress[] = [];
  await handler(contextFor(dicomWeb, first.at(-1)!.checkpoint, second));
  t.deepEqual(second.map((p) => p.counter?.success), [4, 5], 'counted on from the checkpoint');
  t.is((await engine.api(`${dicomWeb}/studies/${CT_STUDY}`)).status, 404);
  const again: OperationProgress[] = [];
  await handler(contextFor(dicomWeb, 5, again));
  t.deepEqual(again, [], 'run again on nothing: done at once');
});
