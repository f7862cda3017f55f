import { createRequire } from 'node:module';

/** The standard's Storage SOP Classes, UID to name (generated/dicom-storage-sop-classes.json). */
const STORAGE_SOP_CLASSES = new Map(Object.entries((createRequire(import.meta.url)('../../generated/dicom-storage-sop-classes.json') as { sopClasses: Record<string, string> }).sopClasses));

/** The standard's Storage SOP Classes, and any under the storage root a newer edition adds. */
export function isStorageSopClass(uid: string): boolean {
  return STORAGE_SOP_CLASSES.has(uid) || uid.startsWith('1.2.840.10008.5.1.4.1.1.');
}

/** A Storage SOP Class's name (`CT Image Storage`); undefined for one the table does not have. */
export function storageSopClassName(uid: string): string | undefined {
  return STORAGE_SOP_CLASSES.get(uid);
}
