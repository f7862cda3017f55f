import type { Hl7v2Delimiters } from './hl7v2-delimiters.ts';
import type { Hl7v2TextEncoding } from './hl7v2-charset.ts';

/**
 * Escape sequences the standard defines but that carry formatting or character-set
 * switches rather than text (\H\ \N\ \Cxxxx\ \Mxxxx\ \Zxx\ and the formatting commands
 * other than \.br\): recognised so that they are skipped whole, and kept verbatim.
 */
const VERBATIM_SEQUENCE = /^(?:H|N|C[0-9A-Fa-f]{4}|M[0-9A-Fa-f]{4}(?:[0-9A-Fa-f]{2})?|Z.*|\.(?:sp|in|ti|sk)[+-]?\d*|\.(?:fi|nf|ce))$/s;
const HEX_SEQUENCE = /^X(?:[0-9A-Fa-f]{2})+$/;

/** Replaces escape sequences in one leaf value (component or subcomponent) by the text they stand for. */
export function decodeHl7v2Escapes(text: string, delimiters: Hl7v2Delimiters, encoding: Hl7v2TextEncoding): string {
  const escape = delimiters.escape;
  let open = text.indexOf(escape);
  if (open < 0) return text;
  let decoded = '';
  let from = 0;
  while (open >= 0) {
    const close = text.indexOf(escape, open + 1);
    if (close < 0) break;
    const body = text.slice(open + 1, close);
    const replacement = VERBATIM_SEQUENCE.test(body) ? text.slice(open, close + 1) : decodeSequence(body, delimiters, encoding);
    if (replacement === undefined) {
      // Not a sequence: the escape character stands for itself and the closing one may open the next.
      open = close;
      continue;
    }
    decoded += text.slice(from, open) + replacement;
    from = close + 1;
    open = text.indexOf(escape, from);
  }
  return decoded + text.slice(from);
}

function decodeSequence(body: string, delimiters: Hl7v2Delimiters, encoding: Hl7v2TextEncoding): string | undefined {
  switch (body) {
    case 'F': return delimiters.field;
    case 'S': return delimiters.component;
    case 'T': return delimiters.subcomponent;
    case 'R': return delimiters.repetition;
    case 'E': return delimiters.escape;
    case 'P': return delimiters.truncation;
    case '.br': return '\n';
  }
  return HEX_SEQUENCE.test(body) ? Buffer.from(body.slice(1), 'hex').toString(encoding) : undefined;
}

const encoders = new Map<string, { pattern: RegExp; replacements: Map<string, string> }>();

/**
 * Escapes every delimiter in a value, so that it stays one leaf wherever it is written.
 * Line breaks become \.br\ and carriage returns \X0D\, which can never end a segment.
 */
export function encodeHl7v2Escapes(value: string, delimiters: Hl7v2Delimiters): string {
  const encoder = encoderFor(delimiters);
  encoder.pattern.lastIndex = 0;
  if (!encoder.pattern.test(value)) return value;
  return value.replace(encoder.pattern, (char) => encoder.replacements.get(char) ?? char);
}

function encoderFor(delimiters: Hl7v2Delimiters): { pattern: RegExp; replacements: Map<string, string> } {
  const key = delimiters.field + delimiters.component + delimiters.repetition + delimiters.escape + delimiters.subcomponent + (delimiters.truncation ?? '');
  let encoder = encoders.get(key);
  if (!encoder) {
    const e = delimiters.escape;
    const pairs: [string, string][] = [
      [delimiters.escape, `${e}E${e}`],
      [delimiters.field, `${e}F${e}`],
      [delimiters.component, `${e}S${e}`],
      [delimiters.subcomponent, `${e}T${e}`],
      [delimiters.repetition, `${e}R${e}`],
      ['\n', `${e}.br${e}`],
      ['\r', `${e}X0D${e}`],
    ];
    if (delimiters.truncation !== undefined) pairs.push([delimiters.truncation, `${e}P${e}`]);
    const characterClass = pairs.map(([char]) => char.replace(/[\\\]^-]/g, '\\$&')).join('');
    encoder = { pattern: new RegExp(`[${characterClass}]`, 'g'), replacements: new Map(pairs) };
    encoders.set(key, encoder);
  }
  return encoder;
}
