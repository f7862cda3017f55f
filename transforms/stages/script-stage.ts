import type { Envelope } from '../../engine/channels/envelope.ts';
import type { ScriptStageConfig, StageFactory } from '../../engine/channels/stage.ts';
import type { Hl7v2Message } from '../hl7v2/hl7v2-message.ts';
import { Hl7v2ParseError } from '../hl7v2/hl7v2-parse-error.ts';
import { parseHl7v2Message } from '../hl7v2/parse-hl7v2-message.ts';
import { ScriptError } from '../scripts/script-error.ts';
import { toScriptMessage, type ScriptContext } from '../scripts/script-message.ts';
import { ScriptSandbox } from '../scripts/script-sandbox.ts';
import { editStep } from './edit-step.ts';
import { StageBuildError } from './stage-build-error.ts';
import { StageError } from './stage-error.ts';

/**
 * `- script: fix.ts`: the module's default export is called with the message (a
 * ScriptMessage) and a ScriptContext. It edits the message in place and returns nothing or
 * the message; returns the text of a new message; or returns false to filter the message.
 * A script that throws, runs too long or returns anything else marks the message ERROR
 * (a content error: AE, kept for reprocessing once the script is fixed).
 */
export const scriptStage: StageFactory<ScriptStageConfig> = (options, context) => {
  const sandbox = openSandbox(options, context.label);
  return editStep(context.label, (message, envelope) => {
    const scriptMessage = toScriptMessage(message);
    const result = callScript(sandbox, scriptMessage, envelope);
    if (result === undefined || result === scriptMessage) return message;
    if (result === false) {
      envelope.status = 'FILTERED';
      envelope.filteredBy = `${context.label}: the script returned false`;
      return message;
    }
    if (typeof result === 'string') return parseReturnedText(result, message);
    throw new StageError(`the script returned ${describeResult(result)}; it must return the message, nothing, the text of a message, or false`);
  });
};

/** A script that cannot give a function fails the channel's start, naming the stage and the file. */
function openSandbox(options: ScriptStageConfig, label: string): ScriptSandbox {
  try {
    return new ScriptSandbox(options.code, { filename: options.file, timeoutMs: options.timeoutMs });
  } catch (error) {
    if (!(error instanceof ScriptError)) throw error;
    throw new StageBuildError(`${label} (${options.file}): ${error.message}`);
  }
}

function callScript(sandbox: ScriptSandbox, message: unknown, envelope: Envelope): unknown {
  const context: ScriptContext = Object.freeze({
    channel: envelope.channel,
    messageId: envelope.messageId,
    receivedTime: envelope.receivedTime,
    peer: envelope.origin.peer,
  });
  try {
    return sandbox.call(message, context);
  } catch (error) {
    if (error instanceof ScriptError) throw new StageError(error.message);
    throw error;
  }
}

/** A message's text returned by the script, encoded as the message it replaces. */
function parseReturnedText(text: string, message: Hl7v2Message): Hl7v2Message {
  try {
    return parseHl7v2Message(Buffer.from(text, message.encoding));
  } catch (error) {
    if (!(error instanceof Hl7v2ParseError)) throw error;
    throw new StageError(`the script returned text that is not an HL7v2 message: ${error.message}`);
  }
}

function describeResult(result: unknown): string {
  if (typeof (result as PromiseLike<unknown> | null)?.then === 'function') return 'a promise (scripts run synchronously: no async functions)';
  return result === null ? 'null' : `a value of type ${typeof result}`;
}
