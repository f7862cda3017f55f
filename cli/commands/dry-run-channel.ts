import { lastValueFrom, of } from 'rxjs';
import type { ChannelConfig } from '../../config/channel-config.ts';
import type { Envelope, EnvelopeError, EnvelopeStatus } from '../../engine/channels/envelope.ts';
import { newEnvelope } from '../../engine/channels/new-envelope.ts';
import type { Stage } from '../../engine/channels/stage.ts';
import { buildAckForEnvelope } from '../../transforms/hl7v2/build-ack-for-envelope.ts';
import { stageLabel } from '../../transforms/stages/build-stages.ts';

/** What one stage made of the message in a dry run. */
export interface DryRunStep {
  label: string;
  /** The message was FILTERED or ERROR before this stage: it did not run. */
  skipped: boolean;
  status: EnvelopeStatus;
  /** `ADT^A01` once parsed. */
  messageType: string;
  controlId: string;
  /** The content after the stage, when it edited the message. */
  content: Buffer | null;
  /** Why this stage filtered the message. */
  filteredBy: string | null;
  /** Why this stage failed. */
  error: EnvelopeError | null;
}

export interface DryRun {
  steps: DryRunStep[];
  /** The message as the stages left it: status TRANSFORMED, FILTERED or ERROR; `content` is what destinations would get. */
  envelope: Envelope;
  /** What the sender would be answered (MLLP, or HL7v2 over HTTP), or null when the source answers nothing. */
  ack: Buffer | null;
}

/**
 * Runs a message through a channel's stages (built by buildStages, as the engine builds
 * them), one stage at a time to see what each did, without the journal, stores or
 * senders: nothing is stored or sent.
 */
export async function dryRunChannel(config: ChannelConfig, stages: readonly Stage[], input: Buffer): Promise<DryRun> {
  const envelope = newEnvelope(config.name, {
    raw: input,
    contentType: 'contentType' in config.source ? config.source.contentType : config.source.kind === 'dimse' ? 'application/dicom' : 'application/hl7-v2',
    origin: { connectionId: 'dry-run', peer: 'dry-run', principal: 'user:dry-run', method: 'dry run' },
  });
  const steps: DryRunStep[] = [];
  for (const [index, stage] of stages.entries()) {
    const before = { status: envelope.status, outputs: envelope.outputs.length };
    await lastValueFrom(of(envelope).pipe(stage), { defaultValue: envelope });
    const ran = before.status === 'RECEIVED';
    steps.push({
      label: stageLabel(config.stages[index], index),
      skipped: !ran,
      status: envelope.status,
      messageType: envelope.messageType,
      controlId: envelope.controlId,
      content: envelope.outputs.length > before.outputs ? envelope.content : null,
      filteredBy: ran && envelope.status === 'FILTERED' ? envelope.filteredBy : null,
      error: ran && envelope.status === 'ERROR' ? envelope.error : null,
    });
  }
  if (envelope.status === 'RECEIVED') envelope.status = 'TRANSFORMED';
  return { steps, envelope, ack: answers(config) ? buildAckForEnvelope(envelope) : null };
}

/** Whether the channel's source answers the sender with an ACK. */
function answers(config: ChannelConfig): boolean {
  const source = config.source;
  if (source.kind === 'mllp') return source.ack !== 'none';
  return source.kind === 'http' && source.contentType === 'application/hl7-v2';
}
