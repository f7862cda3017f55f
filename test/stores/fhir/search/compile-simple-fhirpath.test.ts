import { readdirSync, readFileSync } from 'node:fs';
import test from 'ava';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';
import { compileSimpleFhirPath } from '../../../../stores/fhir/search/compile-simple-fhirpath.ts';
import { r4SearchParameters } from '../../../../stores/fhir/search/fhir-search-parameters.ts';

const EXAMPLES = '../shared/fixtures/fhir/r4-examples';
const SYNTHEA = '../shared/fixtures/fhir/synthea';

function fixtureResources(): Array<Record<string, unknown> & { resourceType: string }> {
  const resources = readdirSync(EXAMPLES).map((f) => JSON.parse(readFileSync(`${EXAMPLES}/${f}`, 'utf8')));
  for (const file of readdirSync(SYNTHEA).filter((f) => !f.startsWith('group')).slice(0, 3)) {
    resources.push(...JSON.parse(readFileSync(`${SYNTHEA}/${file}`, 'utf8')).entry.map((e: { resource: unknown }) => e.resource));
  }
  return resources;
}

test('the direct walk answers as the fhirpath package does, for every search parameter on every fixture resource', (t) => {
  const parameters = r4SearchParameters();
  const differences: string[] = [];
  let compared = 0;
  for (const resource of fixtureResources()) {
    for (const parameter of parameters.of(resource.resourceType).values()) {
      const walk = compileSimpleFhirPath(parameter.expression, resource.resourceType);
      if (!walk) continue;
      let expected: string;
      try {
        expected = JSON.stringify(fhirpath.evaluate(resource, parameter.expression, {}, r4));
      } catch {
        // fhirpath refuses `as` on a collection of several items; the walk indexes them all.
        continue;
      }
      compared++;
      const actual = JSON.stringify(walk(resource));
      if (actual !== expected) differences.push(`${resource.resourceType}.${parameter.code}: ${actual.slice(0, 100)} != ${expected.slice(0, 100)}`);
    }
  }
  t.true(compared > 10_000, `${compared} comparisons`);
  t.deepEqual(differences.slice(0, 10), []);
});

test('almost every R4 search parameter compiles to the walk; the rest fall back to fhirpath', (t) => {
  const parameters = r4SearchParameters();
  let simple = 0;
  let all = 0;
  for (const type of ['Patient', 'Observation', 'Encounter', 'Condition', 'MedicationRequest', 'Practitioner']) {
    for (const parameter of parameters.of(type).values()) {
      all++;
      if (compileSimpleFhirPath(parameter.expression, type)) simple++;
    }
  }
  t.true(simple / all > 0.9, `${simple} of ${all}`);
  t.is(compileSimpleFhirPath('Patient.deceased.exists() and Patient.deceased != false', 'Patient'), null);
  t.is(compileSimpleFhirPath('Observation.subject', 'Patient'), null);
});

test('choice elements: untyped, cast with as and with ofType; where on a field', (t) => {
  const observation = { resourceType: 'Observation', valueQuantity: { value: 1 }, effectivePeriod: { start: '2020' }, component: [{ valueString: 'x' }] };
  t.deepEqual(compileSimpleFhirPath('(Observation.value as Quantity)', 'Observation')!(observation), [{ value: 1 }]);
  t.deepEqual(compileSimpleFhirPath('Observation.value.as(CodeableConcept)', 'Observation')!(observation), []);
  t.deepEqual(compileSimpleFhirPath('Observation.effective', 'Observation')!(observation), [{ start: '2020' }]);
  const patient = { resourceType: 'Patient', telecom: [{ system: 'phone', value: '1' }, { system: 'email', value: 'a@b' }] };
  t.deepEqual(compileSimpleFhirPath("Patient.telecom.where(system='email')", 'Patient')!(patient), [{ system: 'email', value: 'a@b' }]);
});
