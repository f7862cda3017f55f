import { LONG_VRS } from './dicom-vr.ts';

/** Plexus's Implementation Class UID: a UUID-derived UID (PS3.5 B.2), as no registered root is needed for one. */
export const IMPLEMENTATION_CLASS_UID = '2.25.196140127152542418340393187232296418619';
export const IMPLEMENTATION_VERSION_NAME = 'PLEXUS_0_1';

export interface FileMetaFields {
  mediaStorageSopClassUid: string;
  mediaStorageSopInstanceUid: string;
  transferSyntaxUid: string;
  /** The AE title the instance came from (C-STORE). */
  sourceApplicationEntityTitle?: string;
}

/**
 * The 128-byte preamble, "DICM" and the File Meta Information (PS3.10 7.1), explicit VR
 * little endian with its group length, to put before a dataset received without them.
 */
export function writeFileMeta(fields: FileMetaFields): Buffer {
  const elements = [
    element(0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 'UI', uid(fields.mediaStorageSopClassUid)),
    element(0x0003, 'UI', uid(fields.mediaStorageSopInstanceUid)),
    element(0x0010, 'UI', uid(fields.transferSyntaxUid)),
    element(0x0012, 'UI', uid(IMPLEMENTATION_CLASS_UID)),
    element(0x0013, 'SH', text(IMPLEMENTATION_VERSION_NAME)),
    ...(fields.sourceApplicationEntityTitle ? [element(0x0016, 'AE', text(fields.sourceApplicationEntityTitle))] : []),
  ];
  const body = Buffer.concat(elements);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(body.length);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), element(0x0000, 'UL', groupLength), body]);
}

function element(elementNumber: number, vr: string, value: Buffer): Buffer {
  const long = LONG_VRS.has(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(0x0002, 0);
  header.writeUInt16LE(elementNumber, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

/** A UID padded to even length with NUL (PS3.5 9.1). */
function uid(value: string): Buffer {
  return Buffer.from(value.length % 2 ? `${value}\0` : value, 'latin1');
}

function text(value: string): Buffer {
  return Buffer.from(value.length % 2 ? `${value} ` : value, 'latin1');
}
