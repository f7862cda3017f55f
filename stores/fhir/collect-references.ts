import { isLocalReference, parseFhirReference } from './search/parse-fhir-reference.ts';

/** Every `reference` string in a resource, at any depth (contained resources keep their own). */
export function collectReferences(value: unknown, found: Array<{ holder: Record<string, unknown> }> = []): Array<{ holder: Record<string, unknown> }> {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, found);
  } else if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    if (typeof object.reference === 'string') found.push({ holder: object });
    for (const [key, child] of Object.entries(object)) if (key !== 'contained' && typeof child === 'object') collectReferences(child, found);
  }
  return found;
}

/** The distinct local `Type/id` targets a resource points at. */
export function localTargetsOf(resource: unknown): Array<{ type: string; id: string }> {
  const targets = new Map<string, { type: string; id: string }>();
  for (const { holder } of collectReferences(resource)) {
    const reference = holder.reference as string;
    if (!isLocalReference(reference)) continue;
    const { type, id } = parseFhirReference(reference);
    targets.set(`${type}/${id}`, { type: type!, id: id! });
  }
  return [...targets.values()];
}
