import { createRequire } from 'node:module';

/** Tag (`00100010`) to [keyword, VR], from the standard's data dictionary (generated/dicom-dictionary.json). */
const TAGS = (createRequire(import.meta.url)('../../generated/dicom-dictionary.json') as { tags: Record<string, [string, string]> }).tags;

let byKeyword: Map<string, string> | null = null;

/** The VR of a standard tag, for implicit VR reading: UL for group lengths, LO for private creators, UN when unknown. */
export function vrOfTag(tag: string): string {
  const known = TAGS[tag];
  if (known) return known[1];
  if (tag.endsWith('0000')) return 'UL';
  const group = parseInt(tag.slice(0, 4), 16);
  const element = parseInt(tag.slice(4), 16);
  if (group % 2 === 1 && element >= 0x10 && element <= 0xff) return 'LO';
  return 'UN';
}

export function keywordOfTag(tag: string): string | undefined {
  return TAGS[tag]?.[0];
}

/** The tag of a keyword (`PatientName` to `00100010`), or of a tag given as 8 hex digits. */
export function tagOfKeyword(keywordOrTag: string): string | undefined {
  if (/^[0-9A-Fa-f]{8}$/.test(keywordOrTag)) return keywordOrTag.toUpperCase();
  byKeyword ??= new Map(Object.entries(TAGS).map(([tag, [keyword]]) => [keyword, tag]));
  return byKeyword.get(keywordOrTag);
}
