import { lastValueFrom, of } from 'rxjs';
import type { Envelope } from './envelope.ts';
import type { Stage } from './stage.ts';

/**
 * Run one message through the channel's stages. A message that comes out still RECEIVED
 * is TRANSFORMED; stages mark it FILTERED or ERROR themselves.
 */
export async function runStages(stages: readonly Stage[], envelope: Envelope): Promise<Envelope> {
  const stream = stages.reduce((source, stage) => source.pipe(stage), of(envelope));
  const result = await lastValueFrom(stream, { defaultValue: envelope });
  if (result.status === 'RECEIVED') result.status = 'TRANSFORMED';
  return result;
}
