import type { FieldAssignment, SetStageConfig, StageFactory } from '../../engine/channels/stage.ts';
import type { Hl7v2Message } from '../hl7v2/hl7v2-message.ts';
import { parseHl7v2Path } from '../hl7v2/hl7v2-path.ts';
import { editStep } from './edit-step.ts';
import { renderValueTemplate } from './render-value-template.ts';

/**
 * `- set: { PID-5.1: DOE, MSH-5: "${MSH-3}" }`: each field is written in every segment of its
 * kind, or in a new segment when the message has none. Every value is read before anything
 * is written, so the fields of one stage see the message as it came in (a swap works).
 */
export const setStage: StageFactory<SetStageConfig> = (options, context) =>
  editStep(context.label, (message) => {
    const writes = options.fields.flatMap((assignment) => planWrites(message, assignment));
    for (const write of writes) write();
  });

function planWrites(message: Hl7v2Message, assignment: FieldAssignment): Array<() => void> {
  const path = parseHl7v2Path(assignment.field);
  const segments = message.segmentsWithId(path.segmentId);
  if (segments.length === 0) {
    const value = renderValueTemplate(assignment.value, message, null);
    return [() => message.set(assignment.field, value)];
  }
  return segments.map((segment) => {
    const value = renderValueTemplate(assignment.value, message, segment);
    return () => segment.set(path.field, path, value);
  });
}
