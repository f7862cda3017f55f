/** A reference's target as the index keeps it. */
export interface ReferenceTarget {
  type: string | null;
  id: string | null;
}

const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const RESOURCE_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * `Patient/1`, `Patient/1/_history/2` and absolute `https://host/fhir/Patient/1` give type
 * and id; a fragment (`#contained`), a `urn:` or anything else gives neither.
 */
export function parseFhirReference(reference: string): ReferenceTarget {
  if (reference.startsWith('#') || reference.startsWith('urn:')) return { type: null, id: null };
  const withoutVersion = reference.replace(/\/_history\/[^/]+$/, '');
  const segments = withoutVersion.split('/');
  if (segments.length < 2) return { type: null, id: null };
  const type = segments[segments.length - 2];
  const id = segments[segments.length - 1];
  if (!RESOURCE_TYPE.test(type) || !RESOURCE_ID.test(id)) return { type: null, id: null };
  if (segments.length > 2 && !/^https?:$/.test(segments[0])) return { type: null, id: null };
  return { type, id };
}

/** True for a relative `Type/id` reference: one that points into the same store. */
export function isLocalReference(reference: string): boolean {
  return !reference.includes(':') && parseFhirReference(reference).type !== null && reference.split('/').length <= 4;
}
