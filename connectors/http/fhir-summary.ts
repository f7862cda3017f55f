import { createRequire } from 'node:module';
import type { FhirResource } from '../../stores/fhir/fhir-resource.ts';
import type { FhirSearchRequest } from '../../stores/fhir/search/fhir-search-request.ts';

/** Elements every summary keeps. */
const ALWAYS = ['resourceType', 'id', 'meta'];

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };

/** Top-level elements marked isSummary, per type (`value[x]` for a choice), from generated/. */
const SUMMARY = (createRequire(import.meta.url)('../../generated/fhir-r4-summary-elements.json') as { summary: Record<string, string[]> }).summary;

function isSummaryElement(type: string, key: string): boolean {
  const name = key.replace(/^_/, '');
  return (SUMMARY[type] ?? []).some((element) => element === name || (element.endsWith('[x]') && name.startsWith(element.slice(0, -3)) && /^[A-Z]/.test(name.slice(element.length - 3))));
}

/**
 * `_summary=true`, `_elements` and `_summary=text|data` applied to a match: the listed elements (and id,
 * meta), with a SUBSETTED tag as the specification asks of a partial resource.
 */
export function summarize(resource: FhirResource, search: FhirSearchRequest): FhirResource {
  let kept: string[] | null = null;
  if (search.elements.length > 0) kept = [...ALWAYS, ...search.elements];
  else if (search.summary === 'text') kept = [...ALWAYS, 'text'];
  if (search.summary === 'data') {
    const { text: _text, ...rest } = resource;
    void _text;
    return tagSubsetted(rest as FhirResource);
  }
  if (search.summary === 'true') {
    const subset = Object.fromEntries(Object.entries(resource).filter(([key]) => key === 'resourceType' || isSummaryElement(resource.resourceType, key))) as FhirResource;
    return tagSubsetted(subset);
  }
  if (!kept) return resource;
  const subset = Object.fromEntries(Object.entries(resource).filter(([key]) => kept.includes(key.replace(/^_/, '')))) as FhirResource;
  return tagSubsetted(subset);
}

function tagSubsetted(resource: FhirResource): FhirResource {
  const meta = resource.meta ?? {};
  const tags = Array.isArray(meta.tag) ? meta.tag : [];
  return { ...resource, meta: { ...meta, tag: [...tags, SUBSETTED] } };
}
