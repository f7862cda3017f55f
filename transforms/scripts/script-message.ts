import type { Hl7v2Message } from '../hl7v2/hl7v2-message.ts';

/**
 * What a channel script is given as `message`: the parsed message's decoded values by path
 * (`PID-5.1`, `PID-3[2].1`, `OBX[2]-5`), and edits. A script sees only this, not the engine,
 * so the engine can change without breaking scripts.
 */
export interface ScriptMessage {
  /** The decoded value at a path; levels left out are the first; undefined when empty or absent. */
  get(path: string): string | undefined;
  /** The value at a path in every repetition of its field. */
  getAll(path: string): string[];
  /** Writes text at a path (delimiters in it are escaped), adding the segment, field or component when missing. */
  set(path: string, value: string): void;
  /** Removes a segment (`NK1`: every NK1; `OBX[2]`: the second) or a part of a field (`PID-19`, `PID-5.2`). */
  remove(target: string): void;
  /** How many segments have this ID: `OBX[1]` to `OBX[count('OBX')]` exist. */
  count(segmentId: string): number;
  /** `ADT^A01`. */
  readonly messageType: string | undefined;
  /** MSH-10. */
  readonly controlId: string | undefined;
  /** The message as text, segments ended as received. */
  toString(): string;
}

/** What a channel script is told about the message besides its content. */
export interface ScriptContext {
  /** The channel's name. */
  readonly channel: string;
  /** The journal's message id. */
  readonly messageId: string;
  /** ISO 8601. */
  readonly receivedTime: string;
  /** The sender's address, or the file for a directory source. */
  readonly peer: string;
}

/** The ScriptMessage over a parsed message; its edits change `message` in place. */
export function toScriptMessage(message: Hl7v2Message): ScriptMessage {
  return Object.freeze({
    get: (path: string) => message.get(path),
    getAll: (path: string) => message.getAll(path),
    set: (path: string, value: string) => {
      if (typeof value !== 'string') throw new TypeError(`set('${path}', value): the value must be a string (got ${typeof value})`);
      message.set(path, value);
    },
    remove: (target: string) => message.remove(target),
    count: (segmentId: string) => message.segmentsWithId(segmentId).length,
    get messageType() { return message.messageType; },
    get controlId() { return message.controlId; },
    toString: () => message.toString(),
  });
}
