import type { Hl7v2AckVerdict } from './hl7v2-ack-error.ts';
import type { Hl7v2Message } from './hl7v2-message.ts';

export type Hl7v2AckMode = 'original' | 'enhanced';

export interface Hl7v2AcknowledgmentsDue {
  mode: Hl7v2AckMode;
  /** An accept (commit) acknowledgment, CA/CE/CR: enhanced mode only. */
  accept: boolean;
  /** An application acknowledgment, AA/AE/AR: always in original mode. */
  application: boolean;
}

/**
 * Which acknowledgments the sender asked for. Original mode (MSH-15 and MSH-16 both
 * empty): an application ACK, always. Enhanced mode: MSH-15 rules the accept ACK and
 * MSH-16 the application ACK, per HL7 table 0155 (AL always, NE never, ER on error or
 * reject only, SU on success only); an empty or unknown condition there counts as AL.
 */
export function acknowledgmentsDue(message: Hl7v2Message, verdict: Hl7v2AckVerdict): Hl7v2AcknowledgmentsDue {
  const accept = message.acceptAckType;
  const application = message.applicationAckType;
  if (accept === undefined && application === undefined) return { mode: 'original', accept: false, application: true };
  return { mode: 'enhanced', accept: isDue(accept, verdict), application: isDue(application, verdict) };
}

function isDue(condition: string | undefined, verdict: Hl7v2AckVerdict): boolean {
  switch (condition?.toUpperCase()) {
    case 'NE': return false;
    case 'ER': return verdict !== 'accepted';
    case 'SU': return verdict === 'accepted';
    default: return true;
  }
}
