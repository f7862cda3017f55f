import r4 from 'fhirpath/fhir-context/r4/index.js';
import { primitiveProblem } from './check-fhir-primitive.ts';

const model = r4 as unknown as {
  path2Type: Record<string, string>;
  type2Parent: Record<string, string>;
  pathsDefinedElsewhere: Record<string, string>;
};

/** Element types whose children are listed under the element's own path, not under a type name. */
const NESTED = new Set(['BackboneElement', 'Element']);

/** The R4 resource types: every type descending from Resource. */
export const R4_RESOURCE_TYPES: ReadonlySet<string> = new Set(
  Object.keys(model.type2Parent).filter((type) => ancestorsOf(type).includes('Resource') && !['DomainResource', 'MetadataResource'].includes(type)),
);

function ancestorsOf(type: string): string[] {
  const chain: string[] = [];
  for (let t = model.type2Parent[type]; t; t = model.type2Parent[t]) chain.push(t);
  return chain;
}

/** A problem found in a resource, with the FHIRPath-like location of the element. */
export interface StructureIssue {
  location: string;
  message: string;
}

/**
 * Check a resource's shape against the R4 definitions: a known resourceType, and no element
 * its type does not define, at any depth (contained resources and Bundle entries
 * included). Values themselves (codes, cardinality, formats) are the validation stage's job.
 */
export function checkFhirStructure(resource: unknown, issues: StructureIssue[] = [], location = '', depth = 0): StructureIssue[] {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    issues.push({ location: location || 'resource', message: 'a resource must be a JSON object' });
    return issues;
  }
  const type = (resource as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string' || !R4_RESOURCE_TYPES.has(type)) {
    issues.push({ location: location || 'resourceType', message: typeof type === 'string' ? `unknown resourceType '${type.slice(0, 64)}'` : 'resourceType is missing' });
    return issues;
  }
  checkElements(resource as Record<string, unknown>, type, location || type, issues, depth, true);
  return issues;
}

/**
 * Deeper nesting than any real resource has. A body nested thousands of levels (extensions
 * in extensions) would otherwise exhaust the stack here, and in every later walk of it.
 */
const MAX_DEPTH = 64;

function checkElements(value: Record<string, unknown>, path: string, location: string, issues: StructureIssue[], depth: number, isResource = false): void {
  if (depth >= MAX_DEPTH) {
    issues.push({ location, message: `elements are nested more than ${MAX_DEPTH} levels deep` });
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (isResource && key === 'resourceType') continue;
    if (issues.length >= 20) return;
    const name = key.startsWith('_') ? key.slice(1) : key;
    const childType = typeOf(path, name);
    const at = `${location}.${key}`;
    if (childType === null) {
      issues.push({ location: at, message: `unknown element '${key.slice(0, 64)}'` });
      continue;
    }
    for (const item of Array.isArray(child) ? child : [child]) {
      if (!key.startsWith('_') && item !== null) {
        const problem = primitiveProblem(childType, item);
        if (problem) {
          issues.push({ location: at, message: `'${key.slice(0, 64)}' ${problem}` });
          continue;
        }
      }
      if (typeof item !== 'object' || item === null) continue;
      if (key.startsWith('_')) checkElements(item as Record<string, unknown>, 'Element', at, issues, depth + 1);
      else if (childType === 'Resource') checkFhirStructure(item, issues, at, depth + 1);
      else if (NESTED.has(childType)) checkElements(item as Record<string, unknown>, resolvePath(`${path}.${name}`), at, issues, depth + 1);
      else if (/^[A-Z]/.test(childType)) checkElements(item as Record<string, unknown>, childType, at, issues, depth + 1);
    }
  }
}

/** The type of element `name` under `path`, looking through base types (`HumanName.id` is `Element.id`). */
function typeOf(path: string, name: string): string | null {
  for (let base: string | undefined = path; base; base = model.type2Parent[base]) {
    const found = model.path2Type[`${base}.${name}`];
    if (found) return found;
    if (model.pathsDefinedElsewhere[`${base}.${name}`]) return 'BackboneElement';
  }
  if (path.includes('.')) {
    return model.path2Type[`BackboneElement.${name}`] ?? model.path2Type[`Element.${name}`] ?? null;
  }
  return null;
}

/** A `contentReference` element (Questionnaire.item.item) has the children of the element it names. */
function resolvePath(path: string): string {
  return model.pathsDefinedElsewhere[path] ?? path;
}
