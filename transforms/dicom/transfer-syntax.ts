/** Transfer syntax UIDs (PS3.5 Section 10 and PS3.6 Table A-1) and how each encodes a dataset. */
export const TransferSyntax = {
  ImplicitVRLittleEndian: '1.2.840.10008.1.2',
  ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
  DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
  JPEGBaseline8Bit: '1.2.840.10008.1.2.4.50',
  JPEGExtended12Bit: '1.2.840.10008.1.2.4.51',
  JPEGLossless: '1.2.840.10008.1.2.4.57',
  JPEGLosslessSV1: '1.2.840.10008.1.2.4.70',
  JPEGLSLossless: '1.2.840.10008.1.2.4.80',
  JPEGLSNearLossless: '1.2.840.10008.1.2.4.81',
  JPEG2000Lossless: '1.2.840.10008.1.2.4.90',
  JPEG2000: '1.2.840.10008.1.2.4.91',
  RLELossless: '1.2.840.10008.1.2.5',
} as const;

/** The syntaxes whose datasets this engine can read, as an SCP accepts them. */
export const READABLE_TRANSFER_SYNTAXES: readonly string[] = Object.values(TransferSyntax);

export interface DatasetEncoding {
  explicitVr: boolean;
  littleEndian: boolean;
  deflated: boolean;
}

/**
 * How a syntax encodes the dataset. Every syntax not listed as implicit or big endian is
 * explicit VR little endian with (for the compressed ones) encapsulated pixel data, which is
 * what PS3.5 10.2 asks of any syntax a future edition adds.
 */
export function encodingOf(transferSyntaxUid: string): DatasetEncoding {
  return {
    explicitVr: transferSyntaxUid !== TransferSyntax.ImplicitVRLittleEndian,
    littleEndian: transferSyntaxUid !== TransferSyntax.ExplicitVRBigEndian,
    deflated: transferSyntaxUid === TransferSyntax.DeflatedExplicitVRLittleEndian,
  };
}

/** Syntaxes whose pixel data is native (not encapsulated). */
export function isNativeTransferSyntax(transferSyntaxUid: string): boolean {
  return [TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.DeflatedExplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian].includes(
    transferSyntaxUid as never,
  );
}
