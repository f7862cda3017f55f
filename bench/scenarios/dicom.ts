import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { benchDatabases, dropBenchDatabase } from '../harness/bench-databases.ts';
import { checkDicomWeb } from '../harness/check-dicomweb.ts';
import { acceptsConnections, freePort, startCommandProcess } from '../harness/command-process.ts';
import { makeDicomCopies, type DicomCopy } from '../harness/dicom-copies.ts';
import { printCStoreReport, printDicomWebReport } from '../harness/dicom-report.ts';
import { writeEngineConfig } from '../harness/engine-config.ts';
import { measureCStore, type CStoreMeasured, type CStoreTarget } from '../harness/measure-cstore.ts';
import { measureDicomWeb, type DicomWebLoad, type DicomWebMeasured, type DicomWebSets } from '../harness/measure-dicomweb.ts';
import { ORTHANC_AE_TITLE, startOrthanc } from '../harness/orthanc-process.ts';
import { type ServerProcess, startServerProcess } from '../harness/server-process.ts';
import { runStorescu } from '../harness/storescu-load.ts';
import { stowBodyOf } from '../harness/stow-body.ts';

const STORE = 'projects/bench/locations/local/datasets/main/dicomStores/dicom';
const PLEXUS_DICOMWEB = `/v1/${STORE}/dicomWeb`;
const PLEXUS_AE_TITLE = 'PLEXUS';
const ORTHANC = 'Orthanc';
const BARE = 'bare dcmjs-dimse';
/** Instances per set, each a copy of CT_small.dcm (39 kB) under new UIDs. */
const COUNTS = { cstoreWarm: 100, cstore: 1000, largeStudy: 500, stowWarm: 50, stowSequential: 500, stowConcurrent: 1000 };
const LOAD = { concurrency: 8, stowConcurrency: 4, metadataRequests: 32 };
/** Goals from the issue, as ratios of throughput to Orthanc's (and, for C-STORE, to the bare SCP's) in the same run. */
const CSTORE_GOAL = { peer: 1.5, bare: 0.6 };
const goalOf = (operation: string) => (operation.startsWith('WADO-RS metadata') ? 10 : 2);

interface DicomFiles {
  cstoreWarm: DicomCopy[];
  cstore: DicomCopy[];
  largeStudy: DicomCopy[];
  /** The STOW-RS instances, for the check. */
  stowed: DicomCopy[];
  web: DicomWebSets;
}

async function prepareFiles(dir: string): Promise<DicomFiles> {
  const started = performance.now();
  const copies = (name: keyof typeof COUNTS, oneStudy = false) => makeDicomCopies(join(dir, name), COUNTS[name], { oneStudy });
  const cstoreWarm = await copies('cstoreWarm');
  const cstore = await copies('cstore');
  const largeStudy = await copies('largeStudy', true);
  const stowWarm = await copies('stowWarm');
  const stowSequential = await copies('stowSequential');
  const stowConcurrent = await copies('stowConcurrent');
  const total = Object.values(COUNTS).reduce((a, b) => a + b, 0);
  console.log(`\n${total} copies of CT_small.dcm under new UIDs (dcmodify) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return {
    cstoreWarm,
    cstore,
    largeStudy,
    stowed: [...stowSequential, ...stowConcurrent],
    web: {
      stowWarm: stowWarm.map((c) => stowBodyOf(c.file)),
      stowSequential: stowSequential.map((c) => stowBodyOf(c.file)),
      stowConcurrent: stowConcurrent.map((c) => stowBodyOf(c.file)),
      stored: cstore,
      largeStudyUid: largeStudy[0].studyUid,
      largeStudySize: largeStudy.length,
    },
  };
}

const paths = (copies: DicomCopy[]) => copies.map((c) => c.file);

/**
 * A server's C-STORE, then the large study over C-STORE, then DICOMweb below `dicomWeb`
 * (a path on `server.url`), then a check of its answers.
 */
async function measureStore(name: string, server: ServerProcess, target: CStoreTarget, dicomWeb: string, files: DicomFiles, load: DicomWebLoad) {
  const cstore = await measureCStore(name, server, target, paths(files.cstoreWarm), paths(files.cstore));
  const large = await runStorescu({ host: '127.0.0.1', port: target.port, calledAeTitle: target.aeTitle, files: paths(files.largeStudy) });
  if (large.failed > 0) console.warn(`${name}: ${large.failed} instances of the large study were not stored`);
  const web = await measureDicomWeb(name, server, dicomWeb, files.web, load);
  const problems = await checkDicomWeb(`${server.url}${dicomWeb}`, { stored: [...files.cstore, ...files.stowed], largeStudyUid: files.web.largeStudyUid, largeStudySize: files.web.largeStudySize });
  for (const problem of problems) console.warn(`${name}: ${problem}`);
  return { cstore, web };
}

async function measureCStoreCeilings(dir: string, files: DicomFiles): Promise<CStoreMeasured[]> {
  const bare = await startServerProcess('bench/servers/dimse-discard-scp.ts');
  const measured: CStoreMeasured[] = [];
  try {
    const port = Number(/:(\d+)$/.exec(bare.url)![1]);
    measured.push(await measureCStore(BARE, bare, { port, aeTitle: 'DISCARD' }, paths(files.cstoreWarm), paths(files.cstore)));
  } finally {
    await bare.stop();
  }
  const port = await freePort();
  const storescp = await startCommandProcess('storescp', ['--ignore', '--aetitle', 'STORESCP', String(port)], {
    env: { TCP_NODELAY: '1' },
    url: `dicom://127.0.0.1:${port}`,
    logFile: join(dir, 'storescp.log'),
    ready: () => acceptsConnections(port),
  });
  try {
    measured.push(await measureCStore('dcmtk storescp --ignore', storescp, { port, aeTitle: 'STORESCP' }, paths(files.cstoreWarm), paths(files.cstore)));
  } finally {
    await storescp.stop();
  }
  return measured;
}

async function measureOrthanc(dir: string, files: DicomFiles, load: DicomWebLoad) {
  const orthanc = await startOrthanc(join(dir, 'orthanc'));
  try {
    return await measureStore(ORTHANC, orthanc, { port: orthanc.dicomPort, aeTitle: ORTHANC_AE_TITLE }, '/dicom-web', files, load);
  } finally {
    await orthanc.stop();
  }
}

/** The engine on `database` with a DIMSE listener and DICOMweb on one DICOM store; its PostgreSQL schema is dropped after. */
async function measurePlexus(name: string, dir: string, database: string, files: DicomFiles, load: DicomWebLoad) {
  try {
    mkdirSync(dir);
    const engine = await startServerProcess('bench/servers/engine-with-dimse.ts', {
      BENCH_CONFIG: writeEngineConfig(dir, database, {
        bootstrap: { datasets: [{ project: 'bench', location: 'local', id: 'main', stores: [{ type: 'dicom', id: 'dicom', config: {} }] }] },
        dimse: [{ aeTitle: PLEXUS_AE_TITLE, host: '127.0.0.1', port: 0, store: STORE }],
      }),
    });
    try {
      const [dicom, http] = engine.url.split(' ');
      return await measureStore(name, { ...engine, url: http }, { port: Number(/:(\d+)$/.exec(dicom)![1]), aeTitle: PLEXUS_AE_TITLE }, PLEXUS_DICOMWEB, files, load);
    } finally {
      await engine.stop();
    }
  } finally {
    await dropBenchDatabase(database).catch((error: unknown) => console.warn(`could not drop the bench schema of ${name}: ${String(error)}`));
  }
}

/**
 * C-STORE into a channel whose DIMSE source feeds parse: dicom, a filter on Modality and a
 * DICOM store: what the channel's journal and stages cost over the plain listener. An
 * engine of its own (its own blob folder: the listener's run would have left the blobs).
 */
async function measurePlexusChannel(name: string, dir: string, database: string, files: DicomFiles): Promise<CStoreMeasured> {
  try {
    mkdirSync(dir);
    const channel = join(dir, 'modality-in.yaml');
    writeFileSync(channel, stringify({
      name: 'modality-in',
      region: 'local',
      source: { dimse: { aeTitle: PLEXUS_AE_TITLE, port: 0 } },
      stages: [{ parse: 'dicom' }, { filter: { field: 'Modality', in: ['CT', 'MR'] } }],
      destinations: [{ store: STORE }],
    }));
    const engine = await startServerProcess('bench/servers/engine-with-dimse.ts', {
      BENCH_CONFIG: writeEngineConfig(dir, database, {
        bootstrap: { datasets: [{ project: 'bench', location: 'local', id: 'main', stores: [{ type: 'dicom', id: 'dicom', config: {} }] }] },
        channels: [channel],
      }),
    });
    try {
      const [dicom, http] = engine.url.split(' ');
      return await measureCStore(name, { ...engine, url: http }, { port: Number(/:(\d+)$/.exec(dicom)![1]), aeTitle: PLEXUS_AE_TITLE }, paths(files.cstoreWarm), paths(files.cstore));
    } finally {
      await engine.stop();
    }
  } finally {
    await dropBenchDatabase(database).catch((error: unknown) => console.warn(`could not drop the bench schema of ${name}: ${String(error)}`));
  }
}

/**
 * DICOM: C-STORE on one association (dcmtk storescu), STOW-RS sequential and on 4
 * connections, QIDO-RS, WADO-RS instance and a 500-instance study's /metadata on 8
 * connections, into Plexus (SQLite; PostgreSQL with PLEXUS_BENCH_DATABASE_URL) beside
 * Debian's Orthanc with its DICOMweb plugin in the same run; C-STORE also beside a bare
 * dcmjs-dimse SCP and dcmtk's storescp --ignore, which discard what they get.
 */
export async function dicomScenario(options: { durationSec: number }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-bench-dicom-'));
  const load = { durationSec: options.durationSec, ...LOAD };
  try {
    const files = await prepareFiles(join(dir, 'files'));
    const cstore = await measureCStoreCeilings(dir, files);
    const orthanc = await measureOrthanc(dir, files, load);
    cstore.push(orthanc.cstore);
    const web: DicomWebMeasured[] = [...orthanc.web];
    const goals: Record<string, typeof CSTORE_GOAL> = {};
    for (const { dialect, database } of benchDatabases(dir)) {
      const name = `Plexus ${dialect}`;
      // Each engine its own blob folder: blobs are content-addressed, and a second engine would find the first one's.
      const measured = await measurePlexus(name, join(dir, dialect), database, files, load);
      cstore.push(measured.cstore);
      web.push(...measured.web);
      goals[name] = CSTORE_GOAL;
      // A database of its own too (PostgreSQL's bench schema was dropped after the listener's run).
      const channelDir = join(dir, `${dialect}-channel`);
      cstore.push(await measurePlexusChannel(`${name} via channel`, channelDir, dialect === 'sqlite' ? join(channelDir, 'bench.db') : database, files));
    }
    const machine = `${cpus().length} cores`;
    printCStoreReport(`C-STORE of ${COUNTS.cstore} CT instances (39 kB) on one association, dcmtk storescu, TCP_NODELAY=1, ${machine}`, cstore, { peer: ORTHANC, bare: BARE, goals });
    printDicomWebReport(`DICOMweb: STOW-RS of ${COUNTS.stowSequential} and ${COUNTS.stowConcurrent} new instances, QIDO-RS and WADO-RS ${options.durationSec} s each, /metadata ${LOAD.metadataRequests} requests, ${machine} (goals: ratio to Orthanc)`, web, ORTHANC, goalOf);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
