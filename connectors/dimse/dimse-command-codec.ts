/**
 * DIMSE command sets (group 0000, always Implicit VR Little Endian, PS3.7 6.3 and Annex E)
 * encoded and decoded directly. dcmjs-dimse goes through dcmjs's general dataset reader and
 * writer for every command, about 0.5 ms each way per C-STORE on this machine: more than
 * the rest of its PDU handling. The elements are dcmjs's naturalized form (keyword to
 * value), so dcmjs-dimse sees exactly what dcmjs would have given it; anything outside the
 * command elements below (or multi-valued, or empty) goes to dcmjs as before.
 */

type CommandVr = 'UL' | 'US' | 'UI' | 'AE' | 'LO';

/** PS3.7 Table E.1-1: the command elements with a single value, by element number. */
const COMMAND_ELEMENTS: ReadonlyArray<[element: number, keyword: string, vr: CommandVr]> = [
  [0x0000, 'CommandGroupLength', 'UL'],
  [0x0002, 'AffectedSOPClassUID', 'UI'],
  [0x0003, 'RequestedSOPClassUID', 'UI'],
  [0x0100, 'CommandField', 'US'],
  [0x0110, 'MessageID', 'US'],
  [0x0120, 'MessageIDBeingRespondedTo', 'US'],
  [0x0600, 'MoveDestination', 'AE'],
  [0x0700, 'Priority', 'US'],
  [0x0800, 'CommandDataSetType', 'US'],
  [0x0900, 'Status', 'US'],
  [0x0902, 'ErrorComment', 'LO'],
  [0x0903, 'ErrorID', 'US'],
  [0x1000, 'AffectedSOPInstanceUID', 'UI'],
  [0x1001, 'RequestedSOPInstanceUID', 'UI'],
  [0x1002, 'EventTypeID', 'US'],
  [0x1008, 'ActionTypeID', 'US'],
  [0x1020, 'NumberOfRemainingSuboperations', 'US'],
  [0x1021, 'NumberOfCompletedSuboperations', 'US'],
  [0x1022, 'NumberOfFailedSuboperations', 'US'],
  [0x1023, 'NumberOfWarningSuboperations', 'US'],
  [0x1030, 'MoveOriginatorApplicationEntityTitle', 'AE'],
  [0x1031, 'MoveOriginatorMessageID', 'US'],
];

const BY_ELEMENT = new Map(COMMAND_ELEMENTS.map(([element, keyword, vr]) => [element, { keyword, vr }]));
const BY_KEYWORD = new Map(COMMAND_ELEMENTS.map(([element, keyword, vr]) => [keyword, { element, vr }]));

/** dcmjs's naturalized elements: keyword to value, and the `_vrMap` it adds. */
export type CommandElements = Record<string, unknown>;

/**
 * A command set's bytes, group length first, elements in tag order; null when an element
 * is not one this codec writes (the caller then lets dcmjs write it).
 */
export function encodeCommand(elements: CommandElements): Buffer | null {
  const parts: Array<{ element: number; value: Buffer }> = [];
  for (const [keyword, value] of Object.entries(elements)) {
    // dcmjs writes no element for an undefined value (an Error Comment not set).
    if (keyword === '_vrMap' || keyword === 'CommandGroupLength' || value === undefined) continue;
    const known = BY_KEYWORD.get(keyword);
    if (!known) return null;
    const bytes = encodeValue(known.vr, value);
    if (bytes === null) return null;
    parts.push({ element: known.element, value: bytes });
  }
  parts.sort((a, b) => a.element - b.element);
  const length = parts.reduce((sum, part) => sum + 8 + part.value.length, 0);
  const out = Buffer.allocUnsafe(12 + length);
  let at = writeHeader(out, 0, 0x0000, 4);
  out.writeUInt32LE(length, at);
  at += 4;
  for (const part of parts) {
    at = writeHeader(out, at, part.element, part.value.length);
    at += part.value.copy(out, at);
  }
  return out;
}

/**
 * The naturalized elements of a command set; null when the bytes hold anything but the
 * single-valued command elements above (the caller then lets dcmjs read them).
 */
export function decodeCommand(bytes: Buffer): CommandElements | null {
  const elements: CommandElements = { _vrMap: {} };
  let at = 0;
  while (at < bytes.length) {
    if (at + 8 > bytes.length || bytes.readUInt16LE(at) !== 0x0000) return null;
    const element = bytes.readUInt16LE(at + 2);
    const length = bytes.readUInt32LE(at + 4);
    const known = BY_ELEMENT.get(element);
    at += 8;
    if (!known || length === 0 || at + length > bytes.length) return null;
    const value = decodeValue(known.vr, bytes.subarray(at, at + length));
    if (value === null) return null;
    elements[known.keyword] = value;
    at += length;
  }
  return elements;
}

function writeHeader(out: Buffer, at: number, element: number, length: number): number {
  out.writeUInt16LE(0x0000, at);
  out.writeUInt16LE(element, at + 2);
  out.writeUInt32LE(length, at + 4);
  return at + 8;
}

function encodeValue(vr: CommandVr, value: unknown): Buffer | null {
  if (vr === 'US' || vr === 'UL') {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > (vr === 'US' ? 0xffff : 0xffffffff)) return null;
    const bytes = Buffer.allocUnsafe(vr === 'US' ? 2 : 4);
    if (vr === 'US') bytes.writeUInt16LE(value);
    else bytes.writeUInt32LE(value);
    return bytes;
  }
  if (typeof value !== 'string' || value === '' || value.includes('\\') || !/^[\x20-\x7e]*$/.test(value)) return null;
  // UIs pad with NUL, text with a space, to an even length (PS3.5 6.2).
  const padded = value.length % 2 === 0 ? value : value + (vr === 'UI' ? '\0' : ' ');
  return Buffer.from(padded, 'latin1');
}

function decodeValue(vr: CommandVr, bytes: Buffer): string | number | null {
  if (vr === 'US') return bytes.length === 2 ? bytes.readUInt16LE(0) : null;
  if (vr === 'UL') return bytes.length === 4 ? bytes.readUInt32LE(0) : null;
  const text = bytes.toString('latin1');
  if (text.includes('\\') || !/^[\x20-\x7e]*\0?$/.test(text)) return null;
  // As dcmjs reads them: UIs lose their NUL padding, AE and LO their surrounding spaces.
  const value = vr === 'UI' ? text.replace(/[\0 ]+$/, '') : text.trim();
  return value === '' ? null : value;
}
