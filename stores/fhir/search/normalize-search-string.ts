/**
 * A string as string search compares it: lower case, accents and other combining marks
 * removed, so `Müller` is found by `muller` (the FHIR default: case and accent insensitive).
 */
export function normalizeSearchString(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
