/** The DICOM JSON Model (PS3.18 Annex F): attributes keyed by tag (`00100010`). */
export interface DicomPersonName {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

export interface DicomJsonAttribute {
  vr: string;
  Value?: Array<string | number | null | DicomPersonName | DicomJson>;
  InlineBinary?: string;
  BulkDataURI?: string;
}

export type DicomJson = Record<string, DicomJsonAttribute>;

/** The first value of an attribute as a string (a name's Alphabetic group), or undefined. */
export function firstString(dataset: DicomJson, tag: string): string | undefined {
  const value = dataset[tag]?.Value?.[0];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return (value as DicomPersonName).Alphabetic;
  return String(value);
}
