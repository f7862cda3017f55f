import type { DicomCopy } from './dicom-copies.ts';
import { type LoadOptions, runLoad } from './load.ts';
import type { Measured } from './report.ts';
import type { ServerProcess } from './server-process.ts';
import { STOW_CONTENT_TYPE } from './stow-body.ts';

export interface DicomWebMeasured extends Measured {
  operation: string;
}

export interface DicomWebSets {
  /** STOW-RS bodies of one instance each, every one a new instance for the server. */
  stowWarm: Buffer[];
  stowSequential: Buffer[];
  stowConcurrent: Buffer[];
  /** Stored instances, each the only one of its study: QIDO and WADO-RS take them in turn. */
  stored: DicomCopy[];
  /** A stored study of many instances, for its /metadata. */
  largeStudyUid: string;
  largeStudySize: number;
}

export interface DicomWebLoad {
  /** Each QIDO and WADO-RS instance load's. */
  durationSec: number;
  /** Connections of the QIDO and WADO-RS loads. */
  concurrency: number;
  stowConcurrency: number;
  /** Requests of the large study's /metadata, timed to the last answer (a slow answer would outlast a timed run). */
  metadataRequests: number;
}

export const DICOM_JSON = { accept: 'application/dicom+json' };
export const WADO_ANY_SYNTAX = { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' };

/** The operations measureDicomWeb runs, in its order. */
export function dicomWebOperations(sets: DicomWebSets, load: DicomWebLoad) {
  const studies = sets.stored.map((c) => c.studyUid);
  return {
    stowSequential: 'STOW-RS one instance, 1 connection',
    stowConcurrent: `STOW-RS one instance, ${load.stowConcurrency} connections`,
    gets: [
      { operation: `QIDO-RS studies?StudyInstanceUID, ${load.concurrency} conn`, headers: DICOM_JSON, paths: studies.map((uid) => `studies?StudyInstanceUID=${uid}`) },
      { operation: `QIDO-RS studies?limit=100 (a page), ${load.concurrency} conn`, headers: DICOM_JSON, paths: ['studies?limit=100'] },
      { operation: `QIDO-RS studies/{study}/series, ${load.concurrency} conn`, headers: DICOM_JSON, paths: studies.map((uid) => `studies/${uid}/series`) },
      { operation: `WADO-RS instance, ${load.concurrency} conn`, headers: WADO_ANY_SYNTAX, paths: sets.stored.map((c) => `studies/${c.studyUid}/series/${c.seriesUid}/instances/${c.sopInstanceUid}`) },
      { operation: `WADO-RS metadata of a ${sets.largeStudySize}-instance study, ${load.concurrency} conn`, headers: DICOM_JSON, paths: [`studies/${sets.largeStudyUid}/metadata`], amount: load.metadataRequests },
    ],
  };
}

/**
 * STOW-RS of new instances one by one (after a warm-up on others), sequentially and on
 * `stowConcurrency` connections, then the QIDO-RS and WADO-RS loads for `durationSec` each
 * (the large study's /metadata for a number of requests), each after a warm-up of one
 * complete request per connection, all below `dicomWeb` (a path on the server).
 */
export async function measureDicomWeb(name: string, server: ServerProcess, dicomWeb: string, sets: DicomWebSets, load: DicomWebLoad): Promise<DicomWebMeasured[]> {
  const operations = dicomWebOperations(sets, load);
  const url = `${server.url}${dicomWeb}/studies`;
  const stow = { url, method: 'POST', headers: { 'content-type': STOW_CONTENT_TYPE }, durationSec: load.durationSec } as const;
  await runLoad({ ...stow, bodies: sets.stowWarm, amount: sets.stowWarm.length, concurrency: 1 });
  const measured = [
    await measureRun(name, operations.stowSequential, server, { ...stow, bodies: sets.stowSequential, amount: sets.stowSequential.length, concurrency: 1 }),
    await measureRun(name, operations.stowConcurrent, server, { ...stow, bodies: sets.stowConcurrent, amount: sets.stowConcurrent.length, concurrency: load.stowConcurrency }),
  ];
  for (const get of operations.gets) {
    const paths = get.paths.map((p) => `${dicomWeb}/${p}`);
    const options = { url: `${server.url}${paths[0]}`, paths, headers: get.headers, concurrency: load.concurrency, durationSec: load.durationSec, timeoutSec: 60 };
    await runLoad({ ...options, amount: load.concurrency });
    measured.push(await measureRun(name, get.operation, server, { ...options, amount: get.amount }));
  }
  return measured;
}

async function measureRun(name: string, operation: string, server: ServerProcess, options: LoadOptions): Promise<DicomWebMeasured> {
  const cpu0 = server.cpuSeconds();
  const result = await runLoad(options);
  const cpu = server.cpuSeconds() - cpu0;
  return { name, operation, result, peakRssMb: server.peakRssMb(), cpuUsPerRequest: result.total > 0 ? (cpu * 1e6) / result.total : undefined };
}
