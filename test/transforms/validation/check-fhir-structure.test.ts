import test from 'ava';
import { checkFhirStructure } from '../../../transforms/validation/check-fhir-structure.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

test('a valid resource, with choice types, primitive extensions and contained resources, has no issues', (t) => {
  t.deepEqual(checkFhirStructure({
    resourceType: 'Observation', status: 'final', code: { text: 'x' }, valueQuantity: { value: 1 }, _status: { extension: [{ url: 'u', valueString: 's' }] },
    contained: [{ resourceType: 'Patient', id: 'p', name: [{ family: 'F' }] }],
  }), []);
});

test('unknown elements are named with their location, at any depth', (t) => {
  const issues = checkFhirStructure({ resourceType: 'Patient', name: [{ famly: 'x' }], contact: [{ nam: {} }], shoeSize: 42 });
  t.deepEqual(issues.map((i) => i.location).sort(), ['Patient.contact.nam', 'Patient.name.famly', 'Patient.shoeSize']);
});

test('a missing or unknown resourceType is one clear issue', (t) => {
  t.regex(checkFhirStructure({ name: [] })[0].message, /resourceType is missing/);
  t.regex(checkFhirStructure({ resourceType: 'Patients' })[0].message, /unknown resourceType 'Patients'/);
  t.regex(checkFhirStructure([1, 2])[0].message, /JSON object/);
});

test('fuzz: random JSON never throws, and every answer is a list of issues', (t) => {
  const random = seededRandom(7);
  const keys = ['resourceType', 'name', 'id', 'meta', 'contained', 'valueQuantity', 'x', '_birthDate', 'extension', 'Patient'];
  const value = (depth: number): unknown => {
    const r = random();
    if (depth > 3 || r < 0.3) return [null, 1, 'Patient', true, ''][Math.floor(random() * 5)];
    if (r < 0.5) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [keys[Math.floor(random() * keys.length)], value(depth + 1)]));
  };
  for (let i = 0; i < 2000; i++) {
    const candidate = { resourceType: random() < 0.8 ? 'Patient' : 'Bundle', ...(value(0) as object) };
    t.true(Array.isArray(checkFhirStructure(candidate)));
  }
});

test('primitives must have their type and form: dates that are no dates, strings for booleans, fractions for integers', (t) => {
  const issues = checkFhirStructure({
    resourceType: 'Patient', birthDate: '1970-13-45', active: 'yes', multipleBirthInteger: 1.5, deceasedDateTime: '2020-02-30',
    name: [{ family: 42 }], meta: { lastUpdated: '2020-01-01' },
  });
  t.deepEqual(issues.map((i) => i.location).sort(), ['Patient.active', 'Patient.birthDate', 'Patient.deceasedDateTime', 'Patient.meta.lastUpdated', 'Patient.multipleBirthInteger', 'Patient.name.family']);
  t.regex(issues.find((i) => i.location === 'Patient.deceasedDateTime')!.message, /not a day/);
  t.deepEqual(checkFhirStructure({ resourceType: 'Patient', birthDate: '1970', deceasedDateTime: '2020-02-29T10:00:00+01:00', meta: { lastUpdated: '2020-01-01T00:00:00.123Z' } }), []);
});

test('a body nested thousands of levels deep is one issue, not a stack overflow', (t) => {
  const depth = 5000;
  const text = `{"resourceType":"Patient","extension":[${'{"url":"u","extension":['.repeat(depth)}{"url":"u"}${']}'.repeat(depth)}]}`;
  const issues = checkFhirStructure(JSON.parse(text));
  t.is(issues.length, 1);
  t.regex(issues[0].message, /nested more than 64 levels/);
});
