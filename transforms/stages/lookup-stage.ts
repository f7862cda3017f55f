import { basename } from 'node:path';
import type { LookupStageConfig, StageFactory } from '../../engine/channels/stage.ts';
import { parseHl7v2Path } from '../hl7v2/hl7v2-path.ts';
import { editStep } from './edit-step.ts';
import { StageError } from './stage-error.ts';

/** HL7 table 0357: table value not found. */
const TABLE_VALUE_NOT_FOUND = 103;

/**
 * `- lookup: { field: OBX-3.1, table: loinc.csv, into: OBX-3.1, default: keep }`: in every
 * segment of the field's kind, the value is looked up in the table (read at load time) and
 * the match written to `into` in that segment. An empty value is left alone; a value not
 * in the table is kept, written as the default, or marks the message ERROR (AE, code 103).
 */
export const lookupStage: StageFactory<LookupStageConfig> = (options, context) => {
  const from = parseHl7v2Path(options.field);
  const into = parseHl7v2Path(options.into);
  const table = basename(options.table);
  return editStep(context.label, (message) => {
    for (const segment of message.segmentsWithId(from.segmentId)) {
      const value = segment.get(from.field, from);
      if (value === undefined) continue;
      const mapped = options.entries.get(value) ?? (options.default.kind === 'value' ? options.default.value : undefined);
      if (mapped !== undefined) segment.set(into.field, into, mapped);
      else if (options.default.kind === 'error') {
        throw new StageError(`${options.field} ${JSON.stringify(value)} is not in the table ${table}`, 'content', TABLE_VALUE_NOT_FOUND);
      }
    }
  });
};
