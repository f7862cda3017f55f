import type { Hl7v2TextEncoding } from './hl7v2-charset.ts';
import type { Hl7v2Delimiters } from './hl7v2-delimiters.ts';
import { parseHl7v2Path, parseHl7v2SegmentTarget, type Hl7v2Path } from './hl7v2-path.ts';
import { Hl7v2Segment, type Hl7v2SegmentContext } from './hl7v2-segment.ts';

/**
 * A segment and what ended it: the input's bytes from `terminatorStart` to `terminatorEnd`
 * (CR, LF, CRLF, blank lines, or none), or `terminator` for segments added by `set`.
 */
export interface Hl7v2SegmentSlot {
  segment: Hl7v2Segment;
  terminatorStart: number;
  terminatorEnd: number;
  terminator?: Buffer;
}

export interface Hl7v2MessageParts {
  bytes: Buffer;
  /** What came before MSH (a byte order mark, blank lines), kept to give the bytes back. */
  prefix: Buffer;
  slots: Hl7v2SegmentSlot[];
  context: Hl7v2SegmentContext;
  /** Ends segments added by `set`: the terminator the message uses. */
  segmentTerminator: Buffer;
}

/**
 * A parsed HL7v2 message: path access to decoded values, typed header getters, and
 * serialization that gives back the input bytes exactly, re-encoding only what was set.
 */
export class Hl7v2Message {
  readonly context: Hl7v2SegmentContext;
  readonly segmentTerminator: Buffer;
  #bytes: Buffer;
  #prefix: Buffer;
  #slots: Hl7v2SegmentSlot[];
  #segments: Hl7v2Segment[] | undefined;
  #restructured = false;

  constructor(parts: Hl7v2MessageParts) {
    this.#bytes = parts.bytes;
    this.#prefix = parts.prefix;
    this.#slots = parts.slots;
    this.context = parts.context;
    this.segmentTerminator = parts.segmentTerminator;
  }

  get delimiters(): Hl7v2Delimiters {
    return this.context.delimiters;
  }

  /** The Node encoding the values are read with (from MSH-18, or detected when undeclared). */
  get encoding(): Hl7v2TextEncoding {
    return this.context.encoding;
  }

  get segments(): readonly Hl7v2Segment[] {
    if (this.#segments === undefined) this.#segments = this.#slots.map((slot) => slot.segment);
    return this.#segments;
  }

  /** The n-th segment with this id (1-based), or undefined. */
  segment(id: string, occurrence = 1): Hl7v2Segment | undefined {
    let seen = 0;
    for (const slot of this.#slots) {
      if (slot.segment.id === id && ++seen === occurrence) return slot.segment;
    }
    return undefined;
  }

  segmentsWithId(id: string): Hl7v2Segment[] {
    return this.segments.filter((segment) => segment.id === id);
  }

  /** The decoded value at a path such as `PID-5.1`; levels left out are the first; undefined when empty or absent. */
  get(path: string): string | undefined {
    const parsed = parseHl7v2Path(path);
    return this.segment(parsed.segmentId, parsed.segmentOccurrence)?.get(parsed.field, parsed);
  }

  /** The decoded value at a path for every repetition of its field, e.g. `getAll('PID-3.1')`. */
  getAll(path: string): string[] {
    const parsed = parseHl7v2Path(path);
    if (parsed.repetition !== undefined) throw new TypeError(`getAll('${path}'): leave the repetition out, every repetition is returned`);
    return this.segment(parsed.segmentId, parsed.segmentOccurrence)?.getAll(parsed.field, parsed) ?? [];
  }

  /** The wire text at a path, escapes and separators as sent; `MSH-9` gives e.g. `ADT^A01^ADT_A01`. */
  getEncoded(path: string): string | undefined {
    const parsed = parseHl7v2Path(path);
    return this.segment(parsed.segmentId, parsed.segmentOccurrence)?.getEncoded(parsed.field, parsed);
  }

  /** Sets the value at a path, escaping delimiters and creating the segment, field or component if missing. */
  set(path: string, value: string): void {
    const parsed = parseHl7v2Path(path);
    this.ensureSegment(parsed).set(parsed.field, parsed, value);
  }

  /**
   * Removes a whole segment (`NK1`: every NK1; `OBX[2]`: the second) or the part of a field
   * at a path (`PID-19`, `PID-3[2]`, `PID-5.2`; see Hl7v2Segment.remove). Removing what is
   * not there changes nothing. MSH cannot be removed, nor its delimiters and character set.
   */
  remove(target: string): void {
    const segment = parseHl7v2SegmentTarget(target);
    if (segment) {
      this.removeSegments(segment.segmentId, segment.occurrence);
      return;
    }
    const parsed = parseHl7v2Path(target);
    this.segment(parsed.segmentId, parsed.segmentOccurrence)?.remove(parsed.field, parsed);
  }

  /** Removes the n-th segment with this id (1-based), or every one when `occurrence` is left out; gives how many went. */
  removeSegments(id: string, occurrence?: number): number {
    if (id === 'MSH') throw new TypeError('MSH cannot be removed: a message starts with its header');
    const positions: number[] = [];
    this.#slots.forEach((slot, index) => slot.segment.id === id && positions.push(index));
    const removing = occurrence === undefined ? positions : positions.slice(occurrence - 1, occurrence);
    for (const index of removing.reverse()) this.removeSlot(index);
    return removing.length;
  }

  /** True once anything was set or removed: serialization then re-encodes the modified segments. */
  get modified(): boolean {
    return this.#restructured || this.#slots.some((slot) => slot.segment.modified);
  }

  /** The message's bytes: the input itself when nothing was set. */
  toBuffer(): Buffer {
    if (!this.modified) return this.#bytes;
    const parts: Buffer[] = [this.#prefix];
    for (const slot of this.#slots) parts.push(slot.segment.toBytes(), slot.terminator ?? this.#bytes.subarray(slot.terminatorStart, slot.terminatorEnd));
    return Buffer.concat(parts);
  }

  toString(): string {
    return this.toBuffer().toString(this.context.encoding);
  }

  /** MSH-9.1, e.g. `ADT` (what Google's `messageType` holds). */
  get messageCode(): string | undefined { return this.get('MSH-9.1'); }
  /** MSH-9.2, e.g. `A01`. */
  get triggerEvent(): string | undefined { return this.get('MSH-9.2'); }
  /** MSH-9.3, e.g. `ADT_A01`. */
  get messageStructure(): string | undefined { return this.get('MSH-9.3'); }
  /** Code and trigger event as `ADT^A01` (always with `^`, whatever the message's delimiters). */
  get messageType(): string | undefined {
    const code = this.messageCode;
    const trigger = this.triggerEvent;
    return code === undefined ? undefined : trigger === undefined ? code : `${code}^${trigger}`;
  }
  /** MSH-10. */
  get controlId(): string | undefined { return this.get('MSH-10'); }
  /** MSH-12.1, e.g. `2.5.1`. */
  get version(): string | undefined { return this.get('MSH-12.1'); }
  /** MSH-3.1 (the namespace id; `getEncoded('MSH-3')` has all components). */
  get sendingApplication(): string | undefined { return this.get('MSH-3.1'); }
  /** MSH-4.1. */
  get sendingFacility(): string | undefined { return this.get('MSH-4.1'); }
  /** MSH-5.1. */
  get receivingApplication(): string | undefined { return this.get('MSH-5.1'); }
  /** MSH-6.1. */
  get receivingFacility(): string | undefined { return this.get('MSH-6.1'); }
  /** MSH-7.1 as sent (see parseHl7v2DateTime). */
  get dateTime(): string | undefined { return this.get('MSH-7.1'); }
  /** MSH-11.1, e.g. `P`. */
  get processingId(): string | undefined { return this.get('MSH-11.1'); }
  /** MSH-15, trimmed: AL, NE, ER, SU or undefined. */
  get acceptAckType(): string | undefined { return this.get('MSH-15')?.trim() || undefined; }
  /** MSH-16, trimmed: AL, NE, ER, SU or undefined. */
  get applicationAckType(): string | undefined { return this.get('MSH-16')?.trim() || undefined; }
  /** MSH-18's first repetition as declared ('' when absent). */
  get charset(): string { return this.context.charset.split(this.context.delimiters.repetition)[0].trim(); }

  private ensureSegment(path: Hl7v2Path): Hl7v2Segment {
    const positions: number[] = [];
    this.#slots.forEach((slot, index) => slot.segment.id === path.segmentId && positions.push(index));
    if (positions.length >= path.segmentOccurrence) return this.#slots[positions[path.segmentOccurrence - 1]].segment;
    let at = positions.length > 0 ? positions[positions.length - 1] + 1 : this.#slots.length;
    let created: Hl7v2Segment | undefined;
    for (let count = positions.length; count < path.segmentOccurrence; count++) {
      created = Hl7v2Segment.create(path.segmentId, this.context);
      this.insertSlot(at++, created);
    }
    return created as Hl7v2Segment;
  }

  private removeSlot(at: number): void {
    const [removed] = this.#slots.splice(at, 1);
    if (at === this.#slots.length) {
      // The new last segment ends as the removed one did (with no terminator, if the input had none).
      this.#slots[at - 1].terminator = removed.terminator ?? this.#bytes.subarray(removed.terminatorStart, removed.terminatorEnd);
    }
    this.#segments = undefined;
    this.#restructured = true;
  }

  private insertSlot(at: number, segment: Hl7v2Segment): void {
    const previous = this.#slots[at - 1];
    let terminator = this.segmentTerminator;
    if (at === this.#slots.length && (previous.terminator?.length ?? previous.terminatorEnd - previous.terminatorStart) === 0) {
      // The last segment had no terminator: it gets one, and the new last goes without, as the input did.
      previous.terminator = this.segmentTerminator;
      terminator = Buffer.alloc(0);
    }
    this.#slots.splice(at, 0, { segment, terminatorStart: 0, terminatorEnd: 0, terminator });
    this.#segments = undefined;
    this.#restructured = true;
  }
}
