import type { ChannelConfig, DestinationConfig } from '../../config/channel-config.ts';
import { Hl7v2Message } from '../../transforms/hl7v2/hl7v2-message.ts';
import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';
import type { DryRun, DryRunStep } from './dry-run-channel.ts';

const INDENT = '    ';

/** A dry run as the lines `plexus channel test` prints: each stage, the outcome, the answer, the destinations. */
export function formatDryRun(config: ChannelConfig, run: DryRun): string[] {
  const { envelope } = run;
  const encoding = envelope.parsed instanceof Hl7v2Message ? envelope.parsed.encoding : 'latin1';
  // A DICOM file is bytes, not lines: its identity says what it is.
  const binary = envelope.contentType === 'application/dicom';
  const show = (content: Buffer): string[] => binary
    ? [`${INDENT}(a DICOM file${envelope.controlId ? `, SOP Instance ${envelope.controlId}` : ''})`]
    : content.toString(encoding).split(/\r\n|\r|\n/).filter((line) => line !== '').map((line) => INDENT + line);
  const lines = run.steps.flatMap((step, i) => [formatStep(step, run.steps[i - 1]), ...(step.content ? show(step.content) : [])]);
  lines.push('', `result: ${envelope.status}${envelope.status === 'FILTERED' ? ` (${envelope.filteredBy})` : ''}`);
  if (run.ack) lines.push(`answer (${answerMode(config)}): ${parseHl7v2Message(run.ack).get('MSA-1')}`, ...show(run.ack));
  lines.push('destinations:');
  for (const destination of config.destinations) {
    lines.push(`  ${destination.name}: ${describeDestination(destination)}${envelope.status === 'TRANSFORMED' ? '' : ` - nothing (the message is ${envelope.status})`}`);
  }
  if (envelope.status === 'TRANSFORMED') lines.push(`content the destinations would get (${envelope.content.length} bytes):`, ...show(envelope.content));
  return lines;
}

/** A stage's line; the message type and control id when a stage first sets or changes them. */
function formatStep(step: DryRunStep, previous: DryRunStep | undefined): string {
  if (step.skipped) return `${step.label}: skipped (the message is ${step.status})`;
  if (step.error) return `${step.label}: ERROR (${step.error.kind} error, code ${step.error.code}): ${step.error.text}`;
  if (step.filteredBy) return `${step.label}: FILTERED: ${step.filteredBy}`;
  const changed = step.messageType !== (previous?.messageType ?? '') || step.controlId !== (previous?.controlId ?? '');
  const type = changed ? ` ${step.messageType}, control id ${step.controlId || '(none)'}` : '';
  return `${step.label}: ok${type}${step.content ? ', content now:' : ''}`;
}

function describeDestination(destination: DestinationConfig): string {
  if (destination.kind === 'store') return `would land in ${destination.store}`;
  if (destination.kind === 'mllp') return `would be sent over MLLP${destination.tls ? ' (TLS)' : ''} to ${destination.host}:${destination.port}`;
  if (destination.kind === 'dimse') return `would be sent by C-STORE to ${destination.aet} at ${destination.host}:${destination.port}`;
  return `would get the message (${(destination as { kind: string }).kind})`;
}

function answerMode(config: ChannelConfig): string {
  return config.source.kind === 'mllp' ? `MLLP, ack ${config.source.ack}` : config.source.kind;
}
