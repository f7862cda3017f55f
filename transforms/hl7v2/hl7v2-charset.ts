import { isUtf8 } from 'node:buffer';

/** How the bytes of a message's values are turned into text. */
export type Hl7v2TextEncoding = 'utf8' | 'latin1';

/** HL7 table 0211 values this parser reads, and the Node encoding for each. */
const SUPPORTED_CHARSETS: Record<string, Hl7v2TextEncoding | undefined> = {
  'ASCII': undefined,
  '8859/1': 'latin1',
  'UNICODE UTF-8': 'utf8',
};

/**
 * Chooses the text encoding from MSH-18 (its wire text, repetitions included). Without a
 * declaration, or with ASCII, bytes that are valid UTF-8 (or follow a UTF-8 byte order
 * mark) are read as UTF-8 and anything else as ISO 8859-1, so that no byte is lost either
 * way. Returns a reason when MSH-18 names a character set this parser cannot read.
 */
export function resolveHl7v2Encoding(msh18: string, repetition: string, bytes: Uint8Array, hasByteOrderMark: boolean): Hl7v2TextEncoding | { unsupported: string } {
  let declared: Hl7v2TextEncoding | undefined;
  const names = msh18.split(repetition).map((name) => name.trim().toUpperCase()).filter((name) => name !== '');
  for (const name of names) {
    if (!Object.hasOwn(SUPPORTED_CHARSETS, name)) {
      return { unsupported: `unsupported character set in MSH-18: '${msh18}'; supported are ASCII, 8859/1 and UNICODE UTF-8` };
    }
  }
  if (names.length > 0) declared = SUPPORTED_CHARSETS[names[0]];
  if (declared !== undefined) return declared;
  return hasByteOrderMark || isUtf8(bytes) ? 'utf8' : 'latin1';
}

/** True when every character of the text can be written in the encoding. */
export function isEncodable(text: string, encoding: Hl7v2TextEncoding): boolean {
  // eslint-disable-next-line no-control-regex
  return encoding === 'utf8' || !/[^\u0000-\u00ff]/.test(text);
}
