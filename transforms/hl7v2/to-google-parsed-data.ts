import type { Hl7v2Delimiters } from './hl7v2-delimiters.ts';
import { decodeHl7v2Escapes } from './hl7v2-escape.ts';
import type { Hl7v2Message } from './hl7v2-message.ts';
import type { Hl7v2Segment } from './hl7v2-segment.ts';
import { googleFieldKey } from './google-field-key.ts';

/** A segment in the form of Google Cloud Healthcare's `ParsedData.segments[]`. */
export interface GoogleParsedSegment {
  segmentId: string;
  /**
   * Google's Segment.setId. Its own examples leave it empty (so absent from the JSON) even
   * for `PID|1|...`, and so does this: the set id is `Hl7v2Segment.setId` when needed.
   */
  setId?: string;
  fields: Record<string, string>;
}

export interface GoogleParsedData {
  segments: GoogleParsedSegment[];
}

/** The message as Google's `parsedData`: every segment, every non-empty value keyed by position. */
export function toGoogleParsedData(message: Hl7v2Message): GoogleParsedData {
  return { segments: message.segments.map((segment) => ({ segmentId: segment.id, fields: googleFieldsOf(segment) })) };
}

/**
 * Google's field keys: `(\d+)(\[\d+\])?(\.\d+)?(\.\d+)?`. The field number is the index
 * in the segment split at the field separator (0 is the segment id, so MSH's 1 holds the
 * encoding characters and 2 is MSH-3); repetitions are 0-based and appear only when a
 * field repeats; components and subcomponents are 1-based and appear only when present.
 * Values are decoded; MSH's encoding characters are given as sent.
 */
export function googleFieldsOf(segment: Hl7v2Segment): Record<string, string> {
  const fields: Record<string, string> = { 0: segment.id };
  const raw = segment.rawFields;
  const { delimiters, encoding } = segment.context;
  for (let index = 1; index < raw.length; index++) {
    const text = raw[index];
    if (text === '') continue;
    if (segment.isHeader && index === 1) fields[1] = text;
    else if (isLeaf(text, delimiters)) fields[index] = decodeHl7v2Escapes(text, delimiters, encoding);
    else new FieldKeys(text, index, delimiters, encoding, fields).add();
  }
  return fields;
}

/** Most fields hold one plain value. */
function isLeaf(text: string, delimiters: Hl7v2Delimiters): boolean {
  return !text.includes(delimiters.component) && !text.includes(delimiters.repetition) && !text.includes(delimiters.subcomponent);
}

const REPETITION = 0;
const COMPONENT = 1;
const SUBCOMPONENT = 2;
type Separator = typeof REPETITION | typeof COMPONENT | typeof SUBCOMPONENT;
/** Past any position: V8 strings are shorter than 2^30. */
const NONE = 0x3fffffff;

/**
 * Walks one field once: the next position of each separator is kept and only looked up
 * again once passed, so that a huge field with many separators stays linear.
 */
class FieldKeys {
  /** Per separator, its next position (-1 until looked up). */
  readonly #next = [-1, -1, -1];
  readonly #separators: string[];
  readonly #encoding: 'utf8' | 'latin1';

  constructor(
    private readonly text: string,
    private readonly field: number,
    private readonly delimiters: Hl7v2Delimiters,
    encoding: 'utf8' | 'latin1',
    private readonly fields: Record<string, string>,
  ) {
    this.#separators = [delimiters.repetition, delimiters.component, delimiters.subcomponent];
    this.#encoding = encoding;
  }

  add(): void {
    const length = this.text.length;
    const repeats = this.within(REPETITION, 0, length);
    for (let start = 0, repetition = 0; start <= length; repetition++) {
      const end = this.endOf(REPETITION, start, length);
      this.addRepetition(start, end, repeats ? repetition : -1);
      start = end + 1;
    }
  }

  private addRepetition(start: number, end: number, repetition: number): void {
    if (!this.within(COMPONENT, start, end) && !this.within(SUBCOMPONENT, start, end)) {
      this.put(start, end, repetition, 0, 0);
      return;
    }
    for (let componentStart = start, component = 1; componentStart <= end; component++) {
      const componentEnd = this.endOf(COMPONENT, componentStart, end);
      if (!this.within(SUBCOMPONENT, componentStart, componentEnd)) this.put(componentStart, componentEnd, repetition, component, 0);
      else this.addSubcomponents(componentStart, componentEnd, repetition, component);
      componentStart = componentEnd + 1;
    }
  }

  private addSubcomponents(start: number, end: number, repetition: number, component: number): void {
    for (let subStart = start, subcomponent = 1; subStart <= end; subcomponent++) {
      const subEnd = this.endOf(SUBCOMPONENT, subStart, end);
      this.put(subStart, subEnd, repetition, component, subcomponent);
      subStart = subEnd + 1;
    }
  }

  private put(start: number, end: number, repetition: number, component: number, subcomponent: number): void {
    if (end <= start) return;
    const value = decodeHl7v2Escapes(this.text.slice(start, end), this.delimiters, this.#encoding);
    this.fields[googleFieldKey(this.field, repetition, component, subcomponent)] = value;
  }

  /** The next separator of this kind at or after `from`; NONE when there is no more. */
  private nextOf(separator: Separator, from: number): number {
    if (this.#next[separator] < from) {
      const at = this.text.indexOf(this.#separators[separator], from);
      this.#next[separator] = at < 0 ? NONE : at;
    }
    return this.#next[separator];
  }

  private within(separator: Separator, from: number, to: number): boolean {
    return this.nextOf(separator, from) < to;
  }

  private endOf(separator: Separator, from: number, limit: number): number {
    const at = this.nextOf(separator, from);
    return at < limit ? at : limit;
  }
}
