import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { newFhirStore } from '../helpers/new-fhir-store.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';
import { testRegionConfig, uniqueId } from '../helpers/test-region.ts';

const SYNTHEA = '../shared/fixtures/fhir/synthea';
/** Needs PostgreSQL beside SQLite: it runs in the PostgreSQL pass. */
const dialectsTest = process.env.PLEXUS_TEST_DATABASE_URL ? test : test.skip;

let engine: TestEngine;
const project = uniqueId('p');
const stores: Record<string, string> = {};
type Resource = { resourceType: string; id: string; [k: string]: unknown };
const loaded: Resource[] = [];

/** A Synthea transaction made deterministic: each entry a PUT of its own id, so both stores hold the same ids. */
function withOwnIds(bundle: { entry: Array<{ fullUrl: string; resource: Resource; request: Record<string, string> }> }) {
  return { ...bundle, entry: bundle.entry.map((e) => ({ ...e, request: { method: 'PUT', url: `${e.resource.resourceType}/${e.resource.id}` } })) };
}

test.before(async () => {
  if (!process.env.PLEXUS_TEST_DATABASE_URL) return;
  const dir = mkdtempSync(join(tmpdir(), 'plexus-dialects-'));
  engine = await startTestEngine({ regions: { lite: { database: join(dir, 'lite.db'), blobs: join(dir, 'blobs') }, pg: testRegionConfig() } });
  const files = readdirSync(SYNTHEA).filter((f) => f.endsWith('.json') && !f.startsWith('group')).sort().slice(0, 7);
  for (const location of ['lite', 'pg']) {
    stores[location] = await newFhirStore(engine, { enableUpdateCreate: true }, project, location);
    for (const file of files) {
      const bundle = withOwnIds(JSON.parse(readFileSync(`${SYNTHEA}/${file}`, 'utf8')));
      const res = await engine.api(stores[location], { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(bundle) });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${location} ${file}: ${res.status} ${text.slice(0, 300)}`);
      if (location === 'lite') loaded.push(...bundle.entry.map((e) => e.resource));
    }
  }
});
test.after.always(async () => {
  await engine?.stop();
});

/** Searches built from the loaded data: every parameter type, modifier and prefix the core search has. */
function searches(): string[] {
  const of = (type: string) => loaded.filter((r) => r.resourceType === type);
  const queries: string[] = [];
  for (const p of of('Patient') as Array<Resource & { name: Array<{ family: string; given: string[] }>; birthDate: string; gender: string }>) {
    const family = p.name[0].family;
    queries.push(`Patient?family=${family.slice(0, 3).toLowerCase()}`, `Patient?family:exact=${family}`, `Patient?name:contains=${family.slice(1, 4)}`,
      `Patient?birthdate=${p.birthDate.slice(0, 4)}`, `Patient?birthdate=ge${p.birthDate}&gender=${p.gender}`, `Patient?given=${p.name[0].given[0]}`,
      `Observation?subject=Patient/${p.id}&_sort=-date,_id&_count=50`, `Encounter?patient=${p.id}&_sort=date&_count=20`,
      `Condition?subject:Patient=${p.id}`, `Patient?_id=${p.id}&_revinclude=Observation:subject&_count=5`);
    for (const type of ['Procedure', 'Immunization', 'MedicationRequest', 'Claim', 'ExplanationOfBenefit', 'CarePlan', 'DiagnosticReport', 'AllergyIntolerance', 'CareTeam']) {
      queries.push(`${type}?patient=${p.id}&_sort=_id&_total=accurate`);
    }
    queries.push(`Observation?patient=${p.id}&category=vital-signs&_sort=date,_id&_count=30`, `Encounter?subject=Patient/${p.id}&_include=Encounter:service-provider&_sort=_id&_count=10`);
  }
  const codes = [...new Set(of('Observation').map((o) => ((o.code as { coding: Array<{ system: string; code: string }> }).coding[0])).map((c) => `${c.system}|${c.code}`))];
  for (const code of codes.slice(0, 60)) {
    queries.push(`Observation?code=${code}&_sort=_id&_count=100`, `Observation?code=${code}&value-quantity=gt50&_sort=_id`, `Observation?code=${code}&date=ge2012&_sort=-date,_id&_count=20`);
  }
  for (const year of ['1990', '2000', '2010', '2015', '2019']) {
    for (const prefix of ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap']) queries.push(`Encounter?date=${prefix}${year}&_sort=_id&_total=accurate&_count=30`);
  }
  for (const status of ['final', 'amended', 'final,amended']) queries.push(`Observation?status=${status}&_summary=count`);
  queries.push('Patient?_sort=family,given&_count=200', 'Patient?_sort=-birthdate&_count=200', 'Patient?gender:not=male&_sort=_id', 'Patient?deceased=true',
    'Observation?value-quantity=lt10|http://unitsofmeasure.org|mmol/L&_sort=_id', 'Condition?onset-date:missing=true&_summary=count', 'Immunization?_sort=-date,_id&_count=40',
    'Organization?name=a&_sort=name', 'Practitioner?name:contains=e&_sort=family', 'Claim?_sort=-created&_count=25', 'Observation?date=ge2015-01-01&date=lt2016&_sort=date,_id');
  return queries;
}

async function answer(location: string, query: string): Promise<string> {
  const res = await engine.api(`${stores[location]}/${query}`);
  const bundle = await res.json();
  if (res.status !== 200) return `${res.status}`;
  return JSON.stringify({ total: bundle.total, ids: bundle.entry.map((e: { resource: Resource; search: { mode: string } }) => `${e.search.mode}:${e.resource.resourceType}/${e.resource.id}`) });
}

dialectsTest('the same searches give the same results, in the same order, on SQLite and PostgreSQL', async (t) => {
  const queries = searches();
  t.true(queries.length >= 300, `${queries.length} searches`);
  const differences: string[] = [];
  let nonEmpty = 0;
  for (const query of queries) {
    const [lite, pg] = [await answer('lite', query), await answer('pg', query)];
    if (lite !== pg) differences.push(`${query}\n  sqlite: ${lite.slice(0, 200)}\n  pg:     ${pg.slice(0, 200)}`);
    if (!lite.includes('"ids":[]') && !lite.includes('"total":0')) nonEmpty++;
  }
  t.deepEqual(differences, []);
  t.true(nonEmpty > queries.length / 2, `${nonEmpty} of ${queries.length} searches found something`);
});
