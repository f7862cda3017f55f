import test from 'ava';
import { ApiError } from '../../../../engine/errors/api-error.ts';
import type { FhirResource } from '../../../../stores/fhir/fhir-resource.ts';
import { applyFhirPathPatch } from '../../../../stores/fhir/patch/apply-fhirpath-patch.ts';
import { applyJsonPatch } from '../../../../stores/fhir/patch/apply-json-patch.ts';

const patient: FhirResource = { resourceType: 'Patient', id: 'p', name: [{ family: 'A' }] };
const op = (type: string, path: string, extra: object[] = []) => ({ name: 'operation', part: [{ name: 'type', valueCode: type }, { name: 'path', valueString: path }, ...extra] });

test('malformed JSON Patches are a 400 naming the operation, never another error', (t) => {
  for (const patch of [{}, [1], [{ op: 'add', path: 'name', value: 1 }], [{ op: 'move', path: '/name' }], [{ op: 'fly', path: '/name' }], [{ op: 'remove', path: '/nothing' }]]) {
    const error = t.throws(() => applyJsonPatch(patient, patch), { instanceOf: ApiError });
    t.is(error?.code, 'INVALID_ARGUMENT', JSON.stringify(patch));
  }
});

test('malformed FHIRPath Patches are a 400 naming the operation, never another error', (t) => {
  const bad = [
    { resourceType: 'Parameters', parameter: [1] },
    { resourceType: 'Parameters', parameter: [op('delete', 'Patient.name.where(')] },
    { resourceType: 'Parameters', parameter: [op('insert', 'Patient.name', [{ name: 'index', valueInteger: 'a' }, { name: 'value', valueString: 'x' }])] },
    { resourceType: 'Parameters', parameter: [op('insert', 'Patient.name', [{ name: 'index', valueInteger: 0 }])] },
    { resourceType: 'Parameters', parameter: [op('replace', 'Patient', [{ name: 'value', valueString: 'x' }])] },
    { resourceType: 'Parameters', parameter: [op('move', 'Patient.name', [{ name: 'source', valueInteger: 0 }, { name: 'destination', valueInteger: 5 }])] },
  ];
  for (const parameters of bad) {
    const error = t.throws(() => applyFhirPathPatch(patient, parameters), { instanceOf: ApiError });
    t.is(error?.code, 'INVALID_ARGUMENT', JSON.stringify(parameters));
  }
  t.deepEqual(patient.name, [{ family: 'A' }], 'the resource itself is never changed');
});
