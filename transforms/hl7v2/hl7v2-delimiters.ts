/** The separators and escape character a message declares in MSH-1 and MSH-2. */
export interface Hl7v2Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
  /** The v2.7 truncation character, when MSH-2 declares a fifth character. */
  truncation?: string;
}

export const DEFAULT_DELIMITERS: Hl7v2Delimiters = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };

/** MSH-2 as written on the wire: component, repetition, escape, subcomponent[, truncation]. */
export function encodingCharactersOf(delimiters: Hl7v2Delimiters): string {
  const { component, repetition, escape, subcomponent, truncation } = delimiters;
  return component + repetition + escape + subcomponent + (truncation ?? '');
}

/**
 * A delimiter is a printable ASCII character that is neither a letter nor a digit; the
 * standard recommends `|^~\&` but allows any such set.
 */
export function isDelimiterByte(byte: number): boolean {
  return byte > 0x20 && byte < 0x7f && !isAlphanumericByte(byte);
}

function isAlphanumericByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/**
 * Reads MSH-1/MSH-2 (or FHS-1/FHS-2, BHS-1/BHS-2) from the bytes after a three-letter
 * header id. Returns a reason instead of delimiters when the set is not legal.
 */
export function readDelimiters(bytes: Buffer, headerStart: number): Hl7v2Delimiters | string {
  const secondSeparator = bytes.indexOf(bytes[headerStart + 3] ?? 0, headerStart + 4);
  const declared = secondSeparator > 0 && secondSeparator <= headerStart + 9 ? bytes.toString('latin1', headerStart + 3, secondSeparator + 1) : undefined;
  const known = declared === undefined ? undefined : knownDelimiters.get(declared);
  if (known) return known;
  const delimiters = readNewDelimiters(bytes, headerStart);
  if (declared !== undefined && typeof delimiters !== 'string' && knownDelimiters.size < 1000) knownDelimiters.set(declared, delimiters);
  return delimiters;
}

/**
 * Delimiter sets seen, by their bytes from the field separator to the next one: the result
 * depends on those bytes alone, and the same few sets arrive again and again.
 */
const knownDelimiters = new Map<string, Readonly<Hl7v2Delimiters>>();

function readNewDelimiters(bytes: Buffer, headerStart: number): Hl7v2Delimiters | string {
  const fieldByte = bytes[headerStart + 3];
  if (fieldByte === undefined || !isDelimiterByte(fieldByte)) {
    return `the field separator (MSH-1) must be a printable non-alphanumeric character, found ${describeByte(fieldByte)}`;
  }
  let end = headerStart + 4;
  while (end < bytes.length && bytes[end] !== fieldByte && bytes[end] !== 0x0d && bytes[end] !== 0x0a) end++;
  const chars = bytes.subarray(headerStart + 4, end);
  if (chars.length < 4 || chars.length > 5) {
    return `the encoding characters (MSH-2) must be 4 characters (component, repetition, escape, subcomponent) or 5 with the truncation character, found ${chars.length}`;
  }
  const seen = new Set<number>([fieldByte]);
  for (const byte of chars) {
    if (!isDelimiterByte(byte) || seen.has(byte)) {
      return `the encoding characters (MSH-2) must be distinct printable non-alphanumeric characters, unlike the field separator; found ${describeByte(byte)}`;
    }
    seen.add(byte);
  }
  const [component, repetition, escape, subcomponent, truncation] = Array.from(chars, (byte) => String.fromCharCode(byte));
  return Object.freeze({ field: String.fromCharCode(fieldByte), component, repetition, escape, subcomponent, ...(truncation === undefined ? {} : { truncation }) });
}

function describeByte(byte: number | undefined): string {
  if (byte === undefined) return 'the end of the input';
  return byte > 0x20 && byte < 0x7f ? `'${String.fromCharCode(byte)}'` : `byte 0x${byte.toString(16).padStart(2, '0')}`;
}
