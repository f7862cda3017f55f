import type { OperatorFunction } from 'rxjs';
import type { Envelope } from './envelope.ts';

export type {
  FieldAssignment, FilterCondition, FilterStageConfig, LookupDefault, LookupStageConfig, ParseStageConfig, RemoveStageConfig,
  ScriptStageConfig, SetStageConfig, StageConfig, ValuePart, ValueTemplate,
} from '../../config/channel-config.ts';

/**
 * A stage: an RxJS operator over envelopes, built once per channel from its YAML options
 * (DESIGN.md "Style" 3). Envelopes that are FILTERED or ERROR pass through untouched; a
 * stage catches its own errors per message and marks that message ERROR.
 */
export type Stage = OperatorFunction<Envelope, Envelope>;

/** Builds a stage from its validated config slice; one per stage kind, put together in main.ts. */
export type StageFactory<Options> = (options: Options, context: StageContext) => Stage;

/** What a stage is told about its place in the channel. */
export interface StageContext {
  /** `parse`, `filter[2]`: how journal rows and errors name the stage. */
  label: string;
  /** What the parse stage before it made of the message (`hl7v2`, `dicom`); null before any. */
  parsedAs?: 'hl7v2' | 'dicom' | null;
}
