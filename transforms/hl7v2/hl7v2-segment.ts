import { isEncodable, type Hl7v2TextEncoding } from './hl7v2-charset.ts';
import { encodingCharactersOf, type Hl7v2Delimiters } from './hl7v2-delimiters.ts';
import { decodeHl7v2Escapes, encodeHl7v2Escapes } from './hl7v2-escape.ts';
import { encodedAt, leafOf, withLeaf, withoutPart, type Hl7v2FieldPosition } from './hl7v2-field-value.ts';

/** What a message shares with its segments: how to split, unescape and encode them. */
export interface Hl7v2SegmentContext {
  delimiters: Hl7v2Delimiters;
  encoding: Hl7v2TextEncoding;
  /** MSH-18 as declared, for errors that name it. */
  charset: string;
}

/** Segments whose field 1 is the field separator itself, as MSH-1 is. */
const HEADER_SEGMENTS = new Set(['MSH', 'FHS', 'BHS']);

/**
 * One segment. Its bytes are decoded and split into fields only when first read, and
 * written back unchanged unless a field was set.
 */
export class Hl7v2Segment {
  readonly id: string;
  readonly context: Hl7v2SegmentContext;
  /** The input and where the segment lies in it (without terminator); undefined once modified. */
  #source: Buffer | undefined;
  #start = 0;
  #end = 0;
  #text: string | undefined;
  #fields: string[] | undefined;

  private constructor(id: string, context: Hl7v2SegmentContext, text: string | undefined) {
    this.id = id;
    this.context = context;
    this.#text = text;
  }

  /** A segment over bytes of the input; nothing is decoded until read. */
  static fromBytes(id: string, context: Hl7v2SegmentContext, input: Buffer, start: number, end: number): Hl7v2Segment {
    const segment = new Hl7v2Segment(id, context, undefined);
    segment.#source = input;
    segment.#start = start;
    segment.#end = end;
    return segment;
  }

  /** A new segment with no fields, to be filled with `set`. */
  static create(id: string, context: Hl7v2SegmentContext): Hl7v2Segment {
    const text = HEADER_SEGMENTS.has(id) ? id + context.delimiters.field + encodingCharactersOf(context.delimiters) : id;
    return new Hl7v2Segment(id, context, text);
  }

  /** True once a field was set (or the segment is new): its bytes are then encoded anew. */
  get modified(): boolean {
    return this.#source === undefined;
  }

  /** The segment's text, decoded in the message's character set, escapes left as they are. */
  get text(): string {
    if (this.#text === undefined) this.#text = (this.#source as Buffer).toString(this.context.encoding, this.#start, this.#end);
    return this.#text;
  }

  /** The fields as split from the text: index 0 is the segment id (and index 1 MSH-2 in a header). */
  get rawFields(): readonly string[] {
    if (this.#fields === undefined) this.#fields = this.text.split(this.context.delimiters.field);
    return this.#fields;
  }

  get isHeader(): boolean {
    return HEADER_SEGMENTS.has(this.id);
  }

  /** Field 1, decoded; '' for MSH, FHS and BHS, whose field 1 is the separator. */
  get setId(): string {
    return this.isHeader ? '' : (this.get(1) ?? '');
  }

  /** The highest field number present, as HL7 counts fields. */
  get fieldCount(): number {
    return this.rawFields.length - (this.isHeader ? 0 : 1);
  }

  /** Field n as written on the wire, undefined past the last field. */
  field(n: number): string | undefined {
    if (!this.isHeader) return n >= 1 ? this.rawFields[n] : undefined;
    return n === 1 ? this.context.delimiters.field : this.rawFields[n - 1];
  }

  /** The decoded leaf at a position (every level left out is the first); undefined when empty or absent. */
  get(field: number, position: Hl7v2FieldPosition = {}): string | undefined {
    const text = this.field(field);
    if (text === undefined) return undefined;
    if (this.isHeader && field <= 2) return isFirst(position) ? text : undefined;
    const leaf = leafOf(text, this.context.delimiters, position);
    return leaf === undefined || leaf === '' ? undefined : decodeHl7v2Escapes(leaf, this.context.delimiters, this.context.encoding);
  }

  /** The decoded leaf of every repetition of a field ('' where a repetition has none). */
  getAll(field: number, position: Omit<Hl7v2FieldPosition, 'repetition'> = {}): string[] {
    const text = this.field(field);
    if (text === undefined || text === '') return [];
    const { delimiters, encoding } = this.context;
    const inRepetition = { component: position.component, subcomponent: position.subcomponent };
    return text.split(delimiters.repetition).map((repetition) => {
      const leaf = leafOf(repetition, delimiters, inRepetition);
      return leaf === undefined ? '' : decodeHl7v2Escapes(leaf, delimiters, encoding);
    });
  }

  /** The wire text at a position; levels left out at the end mean the whole (see encodedAt). */
  getEncoded(field: number, position: Hl7v2FieldPosition = {}): string | undefined {
    const text = this.field(field);
    if (text === undefined || (this.isHeader && field <= 2)) return text;
    return encodedAt(text, this.context.delimiters, position);
  }

  /** Sets the leaf at a position to a value, escaping its delimiters and adding what is missing. */
  set(field: number, position: Hl7v2FieldPosition, value: string): void {
    this.checkEditable(field, 'set');
    if (!isEncodable(value, this.context.encoding)) {
      throw new RangeError(`the value for ${this.id}-${field} has characters that the message's character set (MSH-18 '${this.context.charset}') cannot carry`);
    }
    const encoded = encodeHl7v2Escapes(value, this.context.delimiters);
    this.setEncoded(field, withLeaf(this.field(field) ?? '', this.context.delimiters, position, encoded));
  }

  /**
   * Removes the part at a position (see withoutPart: a whole field, a repetition, a
   * component or a subcomponent); empty fields left at the end of the segment are dropped.
   * A segment without that part is left as it is, unmodified.
   */
  remove(field: number, position: Hl7v2FieldPosition = {}): void {
    this.checkEditable(field, 'removed');
    const text = this.field(field);
    if (text === undefined) return;
    const remaining = withoutPart(text, this.context.delimiters, position);
    if (remaining === text) return;
    this.setEncoded(field, remaining, true);
  }

  private checkEditable(field: number, verb: string): void {
    if (this.isHeader && (field <= 2 || (this.id === 'MSH' && field === 18))) {
      throw new TypeError(`${this.id}-${field} cannot be ${verb}: the delimiters and the character set of a parsed message are fixed`);
    }
  }

  /** `trim`: drop the empty fields at the end (never the id, nor a header's MSH-2). */
  private setEncoded(field: number, wireText: string, trim = false): void {
    const fields = [...this.rawFields];
    const index = this.isHeader ? field - 1 : field;
    while (fields.length <= index) fields.push('');
    fields[index] = wireText;
    while (trim && fields.length > (this.isHeader ? 2 : 1) && fields[fields.length - 1] === '') fields.pop();
    this.#fields = fields;
    this.#text = fields.join(this.context.delimiters.field);
    this.#source = undefined;
  }

  /** The segment's bytes without terminator: the input's own bytes unless it was modified. */
  toBytes(): Buffer {
    return this.#source?.subarray(this.#start, this.#end) ?? Buffer.from(this.text, this.context.encoding);
  }
}

function isFirst(position: Hl7v2FieldPosition): boolean {
  return (position.repetition ?? 1) === 1 && (position.component ?? 1) === 1 && (position.subcomponent ?? 1) === 1;
}
