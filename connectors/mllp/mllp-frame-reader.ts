import { CARRIAGE_RETURN, END_BLOCK, START_BLOCK } from './encode-mllp-frame.ts';

/**
 * What a chunk of bytes turned out to hold. `frame` is the content between VT and FS,
 * undecoded (the character set is the parser's business); `outside` counts bytes that
 * belonged to no frame (never their content: it may be health data); `oversized` carries
 * the head of a frame past the maximum, enough for the caller to read its MSH.
 */
export type MllpReadEvent =
  | { type: 'frame'; frame: Buffer }
  | { type: 'outside'; byteCount: number }
  | { type: 'oversized'; head: Buffer };

export interface MllpFrameReaderOptions {
  /** Largest frame content accepted, in bytes. */
  maxFrameBytes: number;
  /** How much of an oversized frame to hand back (its MSH lives there). */
  headBytes?: number;
}

type ReaderState = 'between' | 'frame' | 'skipping';

const DEFAULT_HEAD_BYTES = 4096;

/**
 * The MLLP accumulator: bytes in, whole frames out, the remainder kept for the next chunk.
 * VT always opens a frame (one left open is abandoned and counted as discarded, so a
 * sender that restarts a message mid-frame recovers); FS always closes it, and the CR
 * that should follow it is consumed when present, even at the start of the next chunk.
 * A frame's chunks are collected and joined once, so big frames cost linear time.
 * Frames may share memory with the pushed chunks: do not modify a chunk after pushing it.
 */
export class MllpFrameReader {
  private readonly maxFrameBytes: number;
  private readonly headBytes: number;
  private state: ReaderState = 'between';
  private parts: Buffer[] = [];
  private size = 0;
  private trailerExpected = false;

  constructor(options: MllpFrameReaderOptions) {
    this.maxFrameBytes = options.maxFrameBytes;
    this.headBytes = options.headBytes ?? DEFAULT_HEAD_BYTES;
  }

  /** Bytes of an unfinished frame held so far (0 between frames). */
  get pendingFrameBytes(): number {
    return this.state === 'frame' ? this.size : 0;
  }

  push(chunk: Buffer): MllpReadEvent[] {
    const events: MllpReadEvent[] = [];
    const markers = new MarkerIndex(chunk);
    let at = this.skipTrailer(chunk, 0);
    while (at < chunk.length) {
      const marker = markers.next(at);
      const end = marker === -1 ? chunk.length : marker;
      this.take(chunk, at, end, events);
      if (marker === -1) break;
      at = chunk[marker] === START_BLOCK ? this.openFrame(marker, events) : this.closeFrame(chunk, marker, events);
    }
    return events;
  }

  private take(chunk: Buffer, from: number, to: number, events: MllpReadEvent[]): void {
    const count = to - from;
    if (count === 0 || this.state === 'skipping') return;
    if (this.state === 'between') {
      addOutside(events, count);
    } else if (this.size + count > this.maxFrameBytes) {
      this.parts.push(chunk.subarray(from, to));
      const head = Buffer.concat(this.parts, Math.min(this.headBytes, this.size + count));
      events.push({ type: 'oversized', head });
      this.resetFrame('skipping');
    } else {
      this.parts.push(chunk.subarray(from, to));
      this.size += count;
    }
  }

  private openFrame(marker: number, events: MllpReadEvent[]): number {
    if (this.state === 'frame') addOutside(events, this.size + 1);
    this.resetFrame('frame');
    return marker + 1;
  }

  private closeFrame(chunk: Buffer, marker: number, events: MllpReadEvent[]): number {
    if (this.state === 'between') {
      addOutside(events, 1);
      return marker + 1;
    }
    if (this.state === 'frame') events.push({ type: 'frame', frame: this.joinParts() });
    this.resetFrame('between');
    this.trailerExpected = true;
    return this.skipTrailer(chunk, marker + 1);
  }

  private skipTrailer(chunk: Buffer, at: number): number {
    if (!this.trailerExpected || at >= chunk.length) return at;
    this.trailerExpected = false;
    return chunk[at] === CARRIAGE_RETURN ? at + 1 : at;
  }

  private joinParts(): Buffer {
    if (this.parts.length === 1) return this.parts[0];
    return Buffer.concat(this.parts, this.size);
  }

  private resetFrame(state: ReaderState): void {
    this.state = state;
    this.parts = [];
    this.size = 0;
  }
}

/** Runs of discarded bytes are reported as one count, however they were split. */
function addOutside(events: MllpReadEvent[], byteCount: number): void {
  const last = events.at(-1);
  if (last?.type === 'outside') last.byteCount += byteCount;
  else events.push({ type: 'outside', byteCount });
}

/**
 * The next VT or FS at or after a position. Each byte is searched once per chunk, so a
 * chunk full of stray markers stays linear.
 */
class MarkerIndex {
  private nextStart = -2;
  private nextEnd = -2;

  constructor(private readonly chunk: Buffer) {}

  next(from: number): number {
    if (this.nextStart !== -1 && this.nextStart < from) this.nextStart = this.chunk.indexOf(START_BLOCK, from);
    if (this.nextEnd !== -1 && this.nextEnd < from) this.nextEnd = this.chunk.indexOf(END_BLOCK, from);
    if (this.nextStart === -1) return this.nextEnd;
    if (this.nextEnd === -1) return this.nextStart;
    return Math.min(this.nextStart, this.nextEnd);
  }
}
