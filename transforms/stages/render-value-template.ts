import type { ValueTemplate } from '../../engine/channels/stage.ts';
import type { Hl7v2Message } from '../hl7v2/hl7v2-message.ts';
import { parseHl7v2Path } from '../hl7v2/hl7v2-path.ts';
import type { Hl7v2Segment } from '../hl7v2/hl7v2-segment.ts';

/**
 * A `set` value with its `${PATH}` references read from the message ('' when absent). A
 * reference into the kind of segment being written reads `segment`, the occurrence being
 * written, so `OBX-3.2: "${OBX-3.1}"` works per OBX; any other reads the first occurrence.
 */
export function renderValueTemplate(template: ValueTemplate, message: Hl7v2Message, segment: Hl7v2Segment | null): string {
  let value = '';
  for (const part of template) {
    if (part.kind === 'text') {
      value += part.text;
      continue;
    }
    const path = parseHl7v2Path(part.field);
    value += (segment?.id === path.segmentId ? segment.get(path.field, path) : message.get(part.field)) ?? '';
  }
  return value;
}
