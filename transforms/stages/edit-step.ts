import type { Envelope } from '../../engine/channels/envelope.ts';
import type { Stage } from '../../engine/channels/stage.ts';
import { Hl7v2Message } from '../hl7v2/hl7v2-message.ts';
import { parseHl7v2Message } from '../hl7v2/parse-hl7v2-message.ts';
import { envelopeStep } from './envelope-step.ts';
import { StageError } from './stage-error.ts';

/**
 * The common shape of a stage that edits the message: `edit` works on a copy of the parsed
 * message, edits it in place or gives a new one, and the result becomes the content the
 * destinations get, kept as this stage's output (storage `full`). Working on a copy means a
 * stage that fails halfway leaves the message as it came in: the ACK and the journal see no
 * half-made edit. An edit that marks the message FILTERED changes nothing.
 */
export function editStep(label: string, edit: (message: Hl7v2Message, envelope: Envelope) => Hl7v2Message | void): Stage {
  return envelopeStep(label, (envelope) => {
    if (!(envelope.parsed instanceof Hl7v2Message)) throw new StageError(`the ${label} stage needs a parse stage before it`, 'system');
    const copy = parseHl7v2Message(envelope.content);
    const edited = edit(copy, envelope) ?? copy;
    if (envelope.status === 'FILTERED') return;
    envelope.parsed = edited;
    envelope.content = edited.toBuffer();
    envelope.messageType = edited.messageType ?? '';
    envelope.controlId = edited.controlId ?? '';
    envelope.outputs.push({ stage: label, content: envelope.content });
  });
}
