import { tagOfKeyword } from '../../transforms/dicom/dicom-dictionary.ts';
import type { DicomJson, DicomPersonName } from '../../transforms/dicom/dicom-json.ts';
import type { QidoLevel } from '../../stores/dicom/qido-attributes.ts';

const LEVELS: Record<string, QidoLevel> = { PATIENT: 'patient', STUDY: 'study', SERIES: 'series', IMAGE: 'instance' };
const NOT_KEYS = new Set(['_vrMap', 'QueryRetrieveLevel', 'SpecificCharacterSet']);

/** A C-FIND, C-MOVE or C-GET identifier as the query it asks (PS3.4 C.4.1.1.3). */
export interface FindIdentifier {
  level: QidoLevel;
  /** Matching keys with a value, as QIDO-RS query parameters (same matching syntax). */
  matches: Record<string, string>;
  /** Every key asked for, matched or only to be returned. */
  returnTags: string[];
}

/** Read an identifier in dcmjs-dimse's keyword form; null when its level is missing or unknown. */
export function readFindIdentifier(elements: Record<string, unknown>): FindIdentifier | null {
  const level = LEVELS[String(elements.QueryRetrieveLevel ?? '').trim().toUpperCase()];
  if (!level) return null;
  const matches: Record<string, string> = {};
  const returnTags: string[] = [];
  for (const [keyword, value] of Object.entries(elements)) {
    if (NOT_KEYS.has(keyword)) continue;
    const tag = tagOfKeyword(keyword);
    if (tag) returnTags.push(tag);
    const text = matchText(value);
    if (text !== '') matches[keyword] = text;
  }
  return { level, matches, returnTags };
}

function matchText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(matchText).join('\\');
  if (typeof value === 'object') return (value as DicomPersonName).Alphabetic ?? '';
  return String(value).trim();
}

/** A result in dcmjs-dimse's keyword form, only the keys the identifier asked for (sequences and binary values left out). */
export function toIdentifierElements(result: DicomJson, returnTags: readonly string[], keywordOf: (tag: string) => string | undefined): Record<string, unknown> {
  const elements: Record<string, unknown> = {};
  for (const tag of returnTags) {
    const keyword = keywordOf(tag);
    if (!keyword) continue;
    const attribute = result[tag];
    const values = attribute?.Value ?? [];
    if (attribute?.vr === 'SQ' || values.length === 0) {
      elements[keyword] = '';
      continue;
    }
    elements[keyword] = attribute!.vr === 'PN' ? values : values.length === 1 ? values[0] : values;
  }
  return elements;
}
