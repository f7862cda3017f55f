/**
 * A DICOM attribute as a filter names it: its keyword (`Modality`, `SOPClassUID`) or its tag
 * as 8 hex digits (`00080060`, or `(0008,0060)`), at the top level of the data set. The
 * keyword is checked against the data dictionary when the stage is built.
 */
export const DICOM_ATTRIBUTE = /^(?:[A-Z][A-Za-z0-9]{0,63}|[0-9A-Fa-f]{8}|\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\))$/;

export const DICOM_ATTRIBUTE_RULE = 'must be a DICOM attribute keyword such as Modality or SOPClassUID, or a tag such as 00080060 or (0008,0060)';
