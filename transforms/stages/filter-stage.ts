import type { FilterStageConfig, StageFactory } from '../../engine/channels/stage.ts';
import { Hl7v2Message } from '../hl7v2/hl7v2-message.ts';
import { compileFilterCondition, describeFilterCondition } from './compile-filter-condition.ts';
import { envelopeStep } from './envelope-step.ts';
import { StageError } from './stage-error.ts';

/**
 * `- filter: CONDITION`: a message that does not match is FILTERED: journaled, answered
 * AA (it was received fine), and delivered nowhere.
 */
export const filterStage: StageFactory<FilterStageConfig> = (options, context) => {
  const test = compileFilterCondition(options.condition);
  const description = `${context.label}: ${describeFilterCondition(options.condition)}`;
  return envelopeStep(context.label, (envelope) => {
    if (!(envelope.parsed instanceof Hl7v2Message)) throw new StageError('the filter stage needs a parse stage before it', 'system');
    if (test(envelope.parsed)) return;
    envelope.status = 'FILTERED';
    envelope.filteredBy = description;
  });
};
