import { newEnvelope } from '../../../engine/channels/new-envelope.ts';
import type { Envelope } from '../../../engine/channels/envelope.ts';

/** A fresh envelope for stage tests, as an MLLP source would hand it over. */
export function envelopeOf(text: string): Envelope {
  return newEnvelope('test-channel', {
    raw: Buffer.from(text, 'latin1'),
    contentType: 'application/hl7-v2',
    origin: { connectionId: 'c1', peer: '127.0.0.1', principal: 'mllp:127.0.0.1', method: 'MLLP receive' },
  });
}

export const ADT_A01 = [
  'MSH|^~\\&|LAB|HOSP_EU|PLEXUS|HOSP|20260101120000||ADT^A01^ADT_A01|MSG0001|P|2.5',
  'PID|1||123^^^HOSP^MR~456^^^HOSP^PI||DOE^JANE',
  'PV1|1|I',
].join('\r');
