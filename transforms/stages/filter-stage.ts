import type { FilterStageConfig, StageFactory } from '../../engine/channels/stage.ts';
import { attributeTag, ParsedDicomInstance } from '../dicom/parsed-dicom-instance.ts';
import { Hl7v2Message } from '../hl7v2/hl7v2-message.ts';
import { compileFilterCondition, describeFilterCondition, fieldsOfCondition } from './compile-filter-condition.ts';
import { envelopeStep } from './envelope-step.ts';
import { StageBuildError } from './stage-build-error.ts';
import { StageError } from './stage-error.ts';

/**
 * `- filter: CONDITION`: a message that does not match is FILTERED: journaled, answered
 * AA (or, for DICOM, Success: it was received fine), and delivered nowhere. After
 * `parse: dicom` the fields are DICOM attributes, checked against the data dictionary here.
 */
export const filterStage: StageFactory<FilterStageConfig> = (options, context) => {
  if (context.parsedAs === 'dicom') {
    const unknown = fieldsOfCondition(options.condition).filter((field) => attributeTag(field) === undefined);
    if (unknown.length > 0) throw new StageBuildError(`${context.label}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a DICOM attribute keyword of the data dictionary`);
  }
  const test = compileFilterCondition(options.condition);
  const description = `${context.label}: ${describeFilterCondition(options.condition)}`;
  return envelopeStep(context.label, (envelope) => {
    if (!(envelope.parsed instanceof Hl7v2Message || envelope.parsed instanceof ParsedDicomInstance)) throw new StageError('the filter stage needs a parse stage before it', 'system');
    if (test(envelope.parsed)) return;
    envelope.status = 'FILTERED';
    envelope.filteredBy = description;
  });
};
