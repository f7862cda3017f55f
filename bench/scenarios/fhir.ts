import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractSearchIndex } from '../../stores/fhir/search/extract-search-index.ts';
import { r4SearchParameters } from '../../stores/fhir/search/fhir-search-parameters.ts';
import { checkFhirStructure } from '../../transforms/validation/check-fhir-structure.ts';
import { benchDatabases } from '../harness/bench-databases.ts';
import { writeEngineConfig } from '../harness/engine-config.ts';
import { measureServer } from '../harness/measure-server.ts';
import { printReport, type Measured } from '../harness/report.ts';
import { type ServerProcess, startServerProcess } from '../harness/server-process.ts';

export interface ScenarioOptions {
  durationSec: number;
  concurrency: number;
}

const SYNTHEA = '../shared/fixtures/fhir/synthea';
const FHIR = '/v1/projects/bench/locations/local/datasets/main/fhirStores/fhir/fhir';
/** Resources loaded before the measurements (Synthea repeated under new ids); BENCH_FHIR_RESOURCES overrides. */
const TARGET = Number(process.env.BENCH_FHIR_RESOURCES ?? 100_000);
const FHIR_JSON = { 'content-type': 'application/fhir+json' };

type Resource = { resourceType: string; id: string; [k: string]: unknown };

/** Load Synthea transactions until TARGET resources: resources per second and server CPU per resource. */
async function load(server: ServerProcess, bundles: Buffer[]): Promise<{ perSec: number; cpuUs: number; patients: Resource[]; observations: Resource[] }> {
  let loaded = 0;
  const patients: Resource[] = [];
  const observations: Resource[] = [];
  const cpu0 = server.cpuSeconds();
  const started = performance.now();
  for (let i = 0; loaded < TARGET; i++) {
    const res = await fetch(`${server.url}${FHIR}`, { method: 'POST', headers: FHIR_JSON, body: new Uint8Array(bundles[i % bundles.length]) });
    const answer = await res.json() as { entry: Array<{ resource: Resource }> };
    if (res.status !== 200) throw new Error(`transaction: ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
    loaded += answer.entry.length;
    for (const { resource } of answer.entry) {
      if (resource.resourceType === 'Patient') patients.push(resource);
      else if (resource.resourceType === 'Observation' && observations.length < 5000) observations.push(resource);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { perSec: loaded / seconds, cpuUs: ((server.cpuSeconds() - cpu0) * 1e6) / loaded, patients, observations };
}

/** CPU per resource of each in-process phase on the Synthea resources: parse, check, extract, serialize. */
function phases(bundles: Buffer[]): Record<string, number> {
  const resources = bundles.slice(0, 10).flatMap((b) => (JSON.parse(b.toString('utf8')) as { entry: Array<{ resource: Resource }> }).entry.map((e) => e.resource));
  const texts = resources.map((r) => JSON.stringify(r));
  const parameters = r4SearchParameters();
  for (const r of resources.slice(0, 500)) extractSearchIndex(r, parameters.of(r.resourceType).values());
  const time = (fn: () => void) => {
    const t = process.cpuUsage();
    fn();
    const used = process.cpuUsage(t);
    return Math.round((used.user + used.system) / resources.length);
  };
  return {
    'parse (JSON)': time(() => texts.forEach((t) => JSON.parse(t))),
    'check (R4 structure)': time(() => resources.forEach((r) => checkFhirStructure(r))),
    'extract (search index)': time(() => resources.forEach((r) => extractSearchIndex(r, parameters.of(r.resourceType).values()))),
    'serialize (JSON)': time(() => resources.forEach((r) => JSON.stringify(r))),
  };
}

/**
 * FHIR store: import Synthea transactions up to ~100,000 resources, then create, read by
 * id and two searches at concurrency C, each beside a bare fastify ceiling in the same run.
 */
export async function fhirScenario(options: ScenarioOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-bench-fhir-'));
  const bundles = readdirSync(SYNTHEA).filter((f) => f.endsWith('.json') && !f.startsWith('group')).map((f) => readFileSync(join(SYNTHEA, f)));
  console.log('\nCPU per resource of the in-process phases (us):', phases(bundles));
  for (const { dialect, database } of benchDatabases(dir)) {
    const server = await startServerProcess('bench/servers/engine-server.ts', {
      BENCH_CONFIG: writeEngineConfig(dir, database, { bootstrap: { datasets: [{ project: 'bench', location: 'local', id: 'main', stores: [{ type: 'fhir', id: 'fhir', config: { version: 'R4' } }] }] } }),
    });
    let measured: Measured[];
    let sample: string;
    try {
      const loaded = await load(server, bundles);
      console.log(`\n${dialect}: transaction import ${Math.round(loaded.perSec)} resources/s (goal 3,000), server CPU ${Math.round(loaded.cpuUs)} us/resource, ${loaded.patients.length} patients`);
      const patient = loaded.patients[0];
      const observation = loaded.observations.find((o) => (o.subject as { reference: string }).reference === `Patient/${patient.id}`)!;
      const code = (observation.code as { coding: Array<{ system: string; code: string }> }).coding[0];
      const family = (patient.name as Array<{ family: string }>)[0].family;
      sample = JSON.stringify(patient);
      const newPatient = JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Bench', given: ['Load'] }], gender: 'female', birthDate: '1980-01-01', identifier: [{ system: 'urn:bench', value: 'x' }] });
      const ids = loaded.patients.slice(0, 2000).map((p) => `${FHIR}/Patient/${p.id}`);
      measured = [
        await measureServer(`${dialect}: create Patient`, server, { path: `${FHIR}/Patient`, method: 'POST', headers: FHIR_JSON, body: newPatient, ...options }),
        await measureServer(`${dialect}: read by id`, server, { path: ids[0], paths: ids, ...options }),
        await measureServer(`${dialect}: search Observation?subject&code`, server, { path: `${FHIR}/Observation?subject=Patient/${patient.id}&code=${encodeURIComponent(`${code.system}|${code.code}`)}`, ...options }),
        await measureServer(`${dialect}: search Patient?name`, server, { path: `${FHIR}/Patient?name=${encodeURIComponent(family)}`, ...options }),
      ];
    } finally {
      await server.stop();
    }
    const bare = await startServerProcess('bench/servers/bare-fastify-fhir.ts', { BENCH_BODY: sample });
    let ceilingGet: Measured;
    let ceilingPost: Measured;
    try {
      ceilingGet = await measureServer('bare fastify GET (ceiling)', bare, { path: `${FHIR}/Patient/x`, ...options });
      ceilingPost = await measureServer('bare fastify POST (ceiling)', bare, { path: `${FHIR}/Patient`, method: 'POST', headers: FHIR_JSON, body: sample, ...options });
    } finally {
      await bare.stop();
    }
    const scale = dialect === 'postgres' ? 0.5 : 1;
    printReport(`FHIR create, ${dialect}, ${options.concurrency} connections, ${options.durationSec} s (goal ${2000 * scale}/s)`, ceilingPost, [measured[0]]);
    printReport(`FHIR read and search, ${dialect}, ${options.concurrency} connections, ${options.durationSec} s (goals: read ${15000 * scale}/s, searches ${1500 * scale}/s with p99 < 20 ms)`, ceilingGet, measured.slice(1));
  }
}
