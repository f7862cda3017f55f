import type { RemoveStageConfig, StageFactory } from '../../engine/channels/stage.ts';
import type { Hl7v2Message } from '../hl7v2/hl7v2-message.ts';
import { parseHl7v2Path, parseHl7v2SegmentTarget } from '../hl7v2/hl7v2-path.ts';
import { editStep } from './edit-step.ts';

/**
 * `- remove: [PID-19, PID-5.2, NK1]`: a segment ID removes every segment with that ID; a
 * field path removes that part of the field in every segment of its kind (see
 * Hl7v2Segment.remove). What is not there is not missed.
 */
export const removeStage: StageFactory<RemoveStageConfig> = (options, context) => {
  const removals = options.targets.map(compileRemoval);
  return editStep(context.label, (message) => {
    for (const remove of removals) remove(message);
  });
};

function compileRemoval(target: string): (message: Hl7v2Message) => void {
  const segment = parseHl7v2SegmentTarget(target);
  if (segment) return (message) => void message.removeSegments(segment.segmentId, segment.occurrence);
  const path = parseHl7v2Path(target);
  return (message) => {
    for (const each of message.segmentsWithId(path.segmentId)) each.remove(path.field, path);
  };
}
