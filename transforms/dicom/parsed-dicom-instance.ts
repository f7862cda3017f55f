import type { DicomJson, DicomPersonName } from './dicom-json.ts';
import { tagOfKeyword } from './dicom-dictionary.ts';
import type { Part10Header } from './read-part10-header.ts';
import { storageSopClassName } from './storage-sop-classes.ts';

/**
 * A DICOM instance as `parse: dicom` leaves it for the stages after it: the Part-10
 * header read up to Pixel Data (file meta and data set as DICOM JSON). Filters read its
 * top-level attributes by keyword or tag as text, the way DICOM writes values: several
 * values joined by a backslash, a person name's alphabetic group.
 */
export class ParsedDicomInstance {
  constructor(readonly header: Part10Header) {}

  get dataset(): DicomJson {
    return this.header.dataset;
  }

  get sopClassUid(): string | undefined {
    return this.get('00080016');
  }

  get sopInstanceUid(): string | undefined {
    return this.get('00080018');
  }

  /** The SOP Class's name (`CT Image Storage`), or its UID when not a standard storage class. */
  get sopClassName(): string | undefined {
    const uid = this.sopClassUid;
    return uid && (storageSopClassName(uid) ?? uid);
  }

  /** `Modality`, `00080060` or `(0008,0060)`: the attribute's values as text; undefined when absent or empty. */
  get(attribute: string): string | undefined {
    const tag = attributeTag(attribute);
    const values = tag === undefined ? undefined : this.header.dataset[tag]?.Value;
    if (!values || values.length === 0) return undefined;
    return values.map(valueText).join('\\');
  }
}

/** The 8-hex-digit tag a filter's attribute names; undefined for a keyword not in the dictionary. */
export function attributeTag(attribute: string): string | undefined {
  const tag = /^\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)$/.exec(attribute);
  return tag ? `${tag[1]}${tag[2]}`.toUpperCase() : tagOfKeyword(attribute);
}

function valueText(value: string | number | null | DicomPersonName | DicomJson): string {
  if (value === null) return '';
  if (typeof value !== 'object') return String(value);
  // A person name's groups; a sequence item has no text of its own.
  return 'Alphabetic' in value ? String(value.Alphabetic ?? '') : '';
}
