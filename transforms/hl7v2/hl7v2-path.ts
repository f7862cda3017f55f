/**
 * A position in a message: `PID-5.1`, `PID-3[2].1`, `PID-3.1.2`, `OBX[2]-5`. Numbers are
 * 1-based as HL7 counts them; a level left out is "the whole of it" to `getEncoded` and
 * "the first" to `get` and `set`.
 */
export interface Hl7v2Path {
  segmentId: string;
  /** Which occurrence of the segment in the message, 1 for the first. */
  segmentOccurrence: number;
  field: number;
  repetition?: number;
  component?: number;
  subcomponent?: number;
}

const PATH = /^([A-Z][A-Z0-9]{2})(?:\[(\d{1,6})\])?-(\d{1,4})(?:\[(\d{1,6})\])?(?:\.(\d{1,4}))?(?:\.(\d{1,4}))?$/;
const cache = new Map<string, Hl7v2Path>();
const CACHE_LIMIT = 10_000;

/** Parses (and remembers) a path; throws a TypeError naming the path when it is malformed. */
export function parseHl7v2Path(path: string): Hl7v2Path {
  const cached = cache.get(path);
  if (cached) return cached;
  const match = PATH.exec(path);
  const numbers = match ? match.slice(2).map((n) => (n === undefined ? undefined : Number(n))) : [];
  if (!match || numbers.some((n) => n === 0)) {
    throw new TypeError(`invalid HL7v2 path '${path}': expected SEG[occurrence]-FIELD[repetition].COMPONENT.SUBCOMPONENT with 1-based numbers, e.g. PID-3[2].1`);
  }
  const [occurrence, field, repetition, component, subcomponent] = numbers;
  const parsed: Hl7v2Path = { segmentId: match[1], segmentOccurrence: occurrence ?? 1, field: field as number, repetition, component, subcomponent };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(path, parsed);
  return parsed;
}

/** A whole segment as `remove` names it: `NK1` (every NK1) or `OBX[2]` (the second). */
export interface Hl7v2SegmentTarget {
  segmentId: string;
  /** Undefined: every occurrence. */
  occurrence?: number;
}

const SEGMENT_TARGET = /^([A-Z][A-Z0-9]{2})(?:\[([1-9]\d{0,5})\])?$/;

/** `NK1` or `OBX[2]`; null for anything else (a field path, say). */
export function parseHl7v2SegmentTarget(target: string): Hl7v2SegmentTarget | null {
  const match = SEGMENT_TARGET.exec(target);
  if (!match) return null;
  return match[2] === undefined ? { segmentId: match[1] } : { segmentId: match[1], occurrence: Number(match[2]) };
}
