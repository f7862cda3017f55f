import { createRequire } from 'node:module';

interface Dictionary {
  tags: Record<string, [keyword: string, vr: string]>;
  /** Repeating groups and elements (`60XX0010`: X any hex digit). */
  repeating: Record<string, [keyword: string, vr: string]>;
}

/** The standard's data dictionary (generated/dicom-dictionary.json); a VR of `US|SS` is ambiguous. */
const DICTIONARY = createRequire(import.meta.url)('../../generated/dicom-dictionary.json') as Dictionary;
const REPEATING = Object.entries(DICTIONARY.repeating).map(([mask, entry]) => ({ pattern: new RegExp(`^${mask.replace(/X/g, '[0-9A-F]')}$`), entry }));

let byKeyword: Map<string, string> | null = null;

/** What decides an ambiguous VR (PS3.5 A.1 c): the image's Pixel Representation and Bits Allocated, once read. */
export interface VrContext {
  pixelRepresentation?: number;
  bitsAllocated?: number;
}

function entryOf(tag: string): [string, string] | undefined {
  return DICTIONARY.tags[tag] ?? REPEATING.find((r) => r.pattern.test(tag))?.entry;
}

/**
 * The VR of a tag for implicit VR reading: the dictionary's, one of an ambiguous pair as
 * the image says (SS for signed pixels, OW above 8 bits allocated), UL for group lengths,
 * LO for private creators, UN when unknown.
 */
export function vrOfTag(tag: string, context: VrContext = {}): string {
  const known = entryOf(tag)?.[1];
  if (known) {
    if (!known.includes('|')) return known;
    const choices = known.split('|');
    if (choices.includes('OW') && (context.bitsAllocated ?? 16) > 8) return 'OW';
    if (choices.includes('SS') && context.pixelRepresentation === 1) return 'SS';
    return choices[0];
  }
  if (tag.endsWith('0000')) return 'UL';
  const group = parseInt(tag.slice(0, 4), 16);
  const element = parseInt(tag.slice(4), 16);
  if (group % 2 === 1 && element >= 0x10 && element <= 0xff) return 'LO';
  return 'UN';
}

export function keywordOfTag(tag: string): string | undefined {
  return entryOf(tag)?.[0];
}

/** The tag of a keyword (`PatientName` to `00100010`), or of a tag given as 8 hex digits. */
export function tagOfKeyword(keywordOrTag: string): string | undefined {
  if (/^[0-9A-Fa-f]{8}$/.test(keywordOrTag)) return keywordOrTag.toUpperCase();
  // A repeating group's keyword names its first group (OverlayRows: 60000010).
  byKeyword ??= new Map([...Object.entries(DICTIONARY.repeating).map(([mask, [keyword]]): [string, string] => [keyword, mask.replace(/X/g, '0')]), ...Object.entries(DICTIONARY.tags).map(([tag, [keyword]]): [string, string] => [keyword, tag])]);
  return byKeyword.get(keywordOrTag);
}
