import type { Region } from '../regions/region.ts';

/** Whether a channel takes messages; kept in the channel's region so it survives restarts. */
export type ChannelState = 'RUNNING' | 'PAUSED';

export async function readChannelState(region: Region, channel: string): Promise<ChannelState> {
  const [row] = await region.db('channel_states').where({ channel }).select('state');
  return row?.state === 'PAUSED' ? 'PAUSED' : 'RUNNING';
}

export async function writeChannelState(region: Region, channel: string, state: ChannelState): Promise<void> {
  const updated_time = new Date().toISOString();
  await region.db('channel_states').insert({ channel, state, updated_time }).onConflict('channel').merge(['state', 'updated_time']);
}
