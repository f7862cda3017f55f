import type { ParseStageConfig, StageFactory } from '../../engine/channels/stage.ts';
import { Hl7v2ParseError } from '../hl7v2/hl7v2-parse-error.ts';
import { parseHl7v2Message } from '../hl7v2/parse-hl7v2-message.ts';
import { envelopeStep } from './envelope-step.ts';
import { StageError } from './stage-error.ts';

/**
 * `- parse: hl7v2`: the message's content parsed (losslessly) for the stages after it;
 * the journal learns its type (`ADT^A01`) and control id. Unparseable input is ERROR,
 * answered AR with the parser's location of the problem.
 */
export const parseStage: StageFactory<ParseStageConfig> = (_options, context) =>
  envelopeStep(context.label, (envelope) => {
    try {
      const message = parseHl7v2Message(envelope.content);
      envelope.parsed = message;
      envelope.messageType = message.messageType ?? '';
      envelope.controlId = message.controlId ?? '';
    } catch (error) {
      if (!(error instanceof Hl7v2ParseError)) throw error;
      throw new StageError(`the message cannot be parsed: ${error.message}`, 'content', error.code, true);
    }
  });
