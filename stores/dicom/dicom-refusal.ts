/**
 * Failure Reasons of a store (PS3.18 Table I.2-2, the same codes as C-STORE failure
 * statuses in PS3.4 Table B.2-1).
 */
export const FailureReason = {
  ProcessingFailure: 0x0110,
  OutOfResources: 0xa700,
  DataSetDoesNotMatchSopClass: 0xa900,
  CannotUnderstand: 0xc000,
  SopClassNotSupported: 0x0122,
} as const;

/** An instance the store does not keep, with the reason code and a sentence for the sender. */
export class DicomRefusal extends Error {
  override readonly name = 'DicomRefusal';

  constructor(
    readonly failureReason: number,
    message: string,
    readonly sopInstanceUid?: string,
    readonly sopClassUid?: string,
  ) {
    super(message);
  }
}
