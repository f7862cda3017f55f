/** DICOM input that cannot be read or stored, with a reason fit for a STOW FailedSOPSequence or a C-STORE Error Comment. */
export class DicomParseError extends Error {
  override readonly name = 'DicomParseError';
}

/** The bytes given end before the header does: read more of the file and try again. */
export class NeedMoreBytes extends Error {
  override readonly name = 'NeedMoreBytes';
}
