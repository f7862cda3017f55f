import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { BENCH_STORE, writeEngineConfig } from '../harness/engine-config.ts';
import { runMllpEngineScenario } from '../harness/run-mllp-engine-scenario.ts';

const CHANNEL = 'adt-in';
/** The channel's resource name: its project is its store destination's. */
const CHANNEL_RESOURCE = `projects/bench/locations/local/channels/${CHANNEL}`;

/** A channel file: MLLP source, ACK on commit, parse, a filter every ADT fixture passes, the HL7v2 store. */
function writeChannelFile(dir: string): string {
  const file = join(dir, `${CHANNEL}-${randomBytes(3).toString('hex')}.yaml`);
  writeFileSync(file, stringify({
    name: CHANNEL,
    region: 'local',
    source: { mllp: { host: '127.0.0.1', port: 0, ack: 'on-commit' } },
    stages: [{ parse: 'hl7v2' }, { filter: { messageType: ['ADT'] } }],
    destinations: [{ store: BENCH_STORE }],
  }));
  return file;
}

/**
 * End to end through a channel: MLLP source, journal, parse and filter stages and the HL7v2
 * store destination, ACK on commit, for 1 and 10 connections, beside a bare MLLP echo
 * server (the ceiling) in the same run. SQLite, and PostgreSQL when PLEXUS_BENCH_DATABASE_URL is set.
 */
export async function channelMllpScenario(options: { durationSec: number; connections?: number[] }): Promise<void> {
  await runMllpEngineScenario({
    title: 'HL7v2 over MLLP through a channel (journal, parse, filter, store), ACK on commit',
    serverScript: 'bench/servers/engine-with-channel.ts',
    engineEnv: (dir, database) => ({
      BENCH_CONFIG: writeEngineConfig(dir, database, { channels: [writeChannelFile(dir)] }),
      BENCH_CHANNEL: CHANNEL_RESOURCE,
    }),
    durationSec: options.durationSec,
    connections: options.connections ?? [1, 10],
  });
}
