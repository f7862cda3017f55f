import { DicomByteCursor, tagHex } from './dicom-byte-cursor.ts';
import { LONG_VRS } from './dicom-vr.ts';
import { decodeDicomValue } from './decode-dicom-value.ts';
import { firstString, type DicomJson } from './dicom-json.ts';
import { DicomParseError } from './dicom-parse-error.ts';
import { readDicomDataset, type ReadDatasetOptions } from './read-dicom-dataset.ts';

export interface Part10Header {
  /** The File Meta Information (group 0002). */
  meta: DicomJson;
  transferSyntaxUid: string;
  /** The dataset up to Pixel Data. */
  dataset: DicomJson;
  /** Where the dataset starts, just after the file meta header. */
  datasetOffset: number;
  pixelDataOffset: number | null;
}

/**
 * Read a DICOM Part-10 file's preamble, file meta header and dataset up to Pixel Data
 * (PS3.10 7.1). `bytes` may be the start of the file only; then NeedMoreBytes asks for more.
 */
export function readPart10Header(bytes: Buffer, complete: boolean, options: Pick<ReadDatasetOptions, 'bulkDataThreshold' | 'bulkDataUri' | 'onBulkData'> = {}): Part10Header {
  const { meta, transferSyntaxUid, datasetOffset } = readFileMetaHeader(bytes, complete);
  const { dataset, pixelDataOffset } = readDicomDataset(bytes, datasetOffset, { transferSyntaxUid, complete, stopAtPixelData: true, ...options });
  return { meta, transferSyntaxUid, dataset, datasetOffset, pixelDataOffset };
}

/** The preamble and File Meta Information alone: where the dataset starts and how it is encoded. */
export function readFileMetaHeader(bytes: Buffer, complete: boolean): Pick<Part10Header, 'meta' | 'transferSyntaxUid' | 'datasetOffset'> {
  const cursor = new DicomByteCursor(bytes, true, complete);
  cursor.need(132, 'the 128-byte preamble and "DICM" prefix');
  if (bytes.toString('latin1', 128, 132) !== 'DICM') throw new DicomParseError('no Part-10 file meta header: bytes 128-131 are not "DICM"');
  cursor.pos = 132;
  const meta = readFileMeta(cursor);
  const transferSyntaxUid = firstString(meta, '00020010');
  if (!transferSyntaxUid) throw new DicomParseError('the file meta header has no Transfer Syntax UID (0002,0010)');
  return { meta, transferSyntaxUid, datasetOffset: cursor.pos };
}

/** Group 0002 elements, explicit VR little endian, up to the first element of another group. */
function readFileMeta(cursor: DicomByteCursor): DicomJson {
  const meta: DicomJson = {};
  const context = { littleEndian: true, charsets: [], bulkDataThreshold: 1024, bulkDataUri: () => '' };
  for (;;) {
    cursor.need(8, 'the file meta header');
    const group = cursor.u16();
    if (group !== 0x0002) break;
    const tag = tagHex(group, cursor.u16(cursor.pos + 2));
    const vr = cursor.bytes.toString('latin1', cursor.pos + 4, cursor.pos + 6);
    if (!/^[A-Z]{2}$/.test(vr)) throw new DicomParseError(`the file meta header element (0002,${tag.slice(4)}) has no valid VR: it must be explicit VR little endian`);
    let length: number;
    if (LONG_VRS.has(vr)) {
      cursor.need(12, 'the file meta header');
      length = cursor.u32(cursor.pos + 8);
      cursor.pos += 12;
    } else {
      length = cursor.u16(cursor.pos + 6);
      cursor.pos += 8;
    }
    if (length === 0xffffffff) throw new DicomParseError(`the file meta header element (0002,${tag.slice(4)}) has an undefined length`);
    const value = decodeDicomValue(vr, cursor.take(length, `file meta element (0002,${tag.slice(4)})`), tag, context);
    if (tag !== '00020000') meta[tag] = value;
  }
  return meta;
}
