import type { ParseStageConfig, StageFactory } from '../../engine/channels/stage.ts';
import { DicomParseError } from '../dicom/dicom-parse-error.ts';
import { ParsedDicomInstance } from '../dicom/parsed-dicom-instance.ts';
import { readPart10Header } from '../dicom/read-part10-header.ts';
import { envelopeStep } from './envelope-step.ts';
import { StageError } from './stage-error.ts';

/**
 * `- parse: dicom`: the message's Part-10 header read up to Pixel Data, never the pixels
 * (an instance received as a blob brings only that far in its content). The journal
 * learns its SOP Class (as the message type) and SOP Instance UID (as the control id).
 * What cannot be read is ERROR, answered with a C-STORE failure naming the problem.
 */
export const parseDicomStage: StageFactory<ParseStageConfig> = (_options, context) =>
  envelopeStep(context.label, (envelope) => {
    let instance: ParsedDicomInstance;
    try {
      // The content ends at Pixel Data (or is the whole file): its end is the data set's.
      instance = new ParsedDicomInstance(readPart10Header(envelope.content, true));
    } catch (error) {
      if (!(error instanceof DicomParseError)) throw error;
      throw new StageError(`the DICOM instance cannot be read: ${error.message}`, 'content', 207, true);
    }
    envelope.parsed = instance;
    envelope.messageType = (instance.sopClassName ?? '').slice(0, 64);
    envelope.controlId = instance.sopInstanceUid ?? '';
  });
