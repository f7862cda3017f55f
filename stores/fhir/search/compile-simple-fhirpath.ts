import r4 from 'fhirpath/fhir-context/r4/index.js';

const model = r4 as unknown as { path2Type: Record<string, string>; choiceTypePaths: Record<string, string[]>; type2Parent: Record<string, string> };

type Json = Record<string, unknown>;
type Step = { kind: 'child'; name: string; choice: boolean } | { kind: 'where'; name: string; value: string } | { kind: 'as'; type: string };

/** Types whose children are listed under the element's own path (`Patient.contact.name`), not under the type. */
const NESTED = new Set(['BackboneElement', 'Element']);

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Most search parameter expressions are plain paths: `Patient.name.family`,
 * `(Observation.value as Quantity)`, `Patient.telecom.where(system='email')`, unions of
 * them. This compiles that subset into a direct walk over the JSON, several times faster
 * than a general FHIRPath engine; anything else (functions, indexes, `resolve()`) gives
 * null and is left to the `fhirpath` package. A test holds both to the same answers on
 * every fixture resource.
 */
export function compileSimpleFhirPath(expression: string, resourceType: string): ((resource: Json) => unknown[]) | null {
  const paths: Step[][] = [];
  for (const member of expression.split('|').map((m) => m.trim())) {
    const steps = parseMember(member, resourceType);
    if (!steps) return null;
    paths.push(steps);
  }
  if (paths.length === 1) return (resource) => walk([resource], paths[0]);
  // `|` is a set union: an item found by two members counts once.
  return (resource) => distinct(paths.flatMap((steps) => walk([resource], steps)));
}

function distinct(items: unknown[]): unknown[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function parseMember(member: string, resourceType: string): Step[] | null {
  let text = member;
  let asType: string | null = null;
  const wrapped = /^\((.*)\)$/.exec(text);
  if (wrapped) {
    const m = /^(.*) as ([A-Za-z]+)$/.exec(wrapped[1]);
    if (!m) return null;
    text = m[1];
    asType = m[2];
  }
  const parts = text.split('.');
  if (parts.shift() !== resourceType) return null;
  const steps: Step[] = [];
  let typePath = resourceType;
  for (const part of parts) {
    const where = /^where\(([A-Za-z]+)='([^']*)'\)$/.exec(part);
    const cast = /^(?:as|ofType)\(([A-Za-z]+)\)$/.exec(part);
    if (where) steps.push({ kind: 'where', name: where[1], value: where[2] });
    else if (cast) {
      if (!choiceOf(steps, cast[1])) return null;
    } else if (IDENTIFIER.test(part)) {
      const next = `${typePath}.${part}`;
      if (model.choiceTypePaths[next]) {
        steps.push({ kind: 'child', name: part, choice: true });
        typePath = '';
        continue;
      }
      const type = typeOf(typePath, part);
      if (!type) return null;
      steps.push({ kind: 'child', name: part, choice: false });
      typePath = NESTED.has(type) ? next : type;
    } else {
      return null;
    }
  }
  if (asType && !choiceOf(steps, asType)) return null;
  return steps;
}

/** Turn the last child step, a choice element, into its typed form (`value` as Quantity is `valueQuantity`). */
function choiceOf(steps: Step[], type: string): boolean {
  const last = steps[steps.length - 1];
  if (!last || last.kind !== 'child' || !last.choice) return false;
  steps[steps.length - 1] = { kind: 'child', name: `${last.name}${type[0].toUpperCase()}${type.slice(1)}`, choice: false };
  steps.push({ kind: 'as', type });
  return true;
}

function typeOf(typePath: string, name: string): string | null {
  if (typePath === '') return null;
  for (let base: string | undefined = typePath; base; base = model.type2Parent[base]) {
    const found = model.path2Type[`${base}.${name}`];
    if (found) return found;
  }
  return null;
}

function walk(items: unknown[], steps: Step[]): unknown[] {
  let current = items;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const item of current) {
      if (typeof item !== 'object' || item === null) continue;
      const object = item as Json;
      if (step.kind === 'child') {
        const value = step.choice ? choiceValues(object, step.name) : object[step.name];
        if (value === undefined || value === null) continue;
        if (Array.isArray(value)) next.push(...value.filter((v) => v !== null));
        else next.push(value);
      } else if (step.kind === 'where') {
        if (object[step.name] === step.value) next.push(object);
      } else {
        next.push(object);
      }
    }
    current = step.kind === 'as' ? current : next;
  }
  return current;
}

/** An untyped choice element (`Observation.effective`): whichever `effective[Type]` the object has. */
function choiceValues(object: Json, name: string): unknown {
  for (const key of Object.keys(object)) {
    if (key.length > name.length && key.startsWith(name) && /[A-Z]/.test(key[name.length])) return object[key];
  }
  return undefined;
}
