import { map } from 'rxjs';
import type { Envelope, EnvelopeError } from '../../engine/channels/envelope.ts';
import type { Stage } from '../../engine/channels/stage.ts';
import { StageError } from './stage-error.ts';

/**
 * The common shape of a stage: `step` works on each message still in play (neither
 * FILTERED nor ERROR); what it throws marks that message ERROR with the reason and the
 * channel goes on (DESIGN.md "Style" 4).
 */
export function envelopeStep(label: string, step: (envelope: Envelope) => void): Stage {
  return map((envelope) => {
    if (envelope.status === 'FILTERED' || envelope.status === 'ERROR') return envelope;
    try {
      step(envelope);
    } catch (error) {
      envelope.status = 'ERROR';
      envelope.error = toEnvelopeError(label, error);
    }
    return envelope;
  });
}

function toEnvelopeError(stage: string, error: unknown): EnvelopeError {
  if (error instanceof StageError) {
    return { kind: error.kind, stage, text: error.message, code: error.code, ...(error.unparseable ? { unparseable: true } : {}) };
  }
  // Not a stage's own error (a script's TypeError, say): most likely the message's content, so
  // AE and kept as ERROR for reprocessing; AR would make the sender resend it forever.
  return { kind: 'content', stage, text: `the ${stage} stage failed: ${(error as Error)?.message ?? String(error)}`, code: 207 };
}
