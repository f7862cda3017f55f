import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startTestEngine, type TestEngine } from '../../helpers/test-engine.ts';

/** The channel the channel CLI tests talk to: `:send` over HTTP into an HL7v2 store. */
export const CLI_CHANNEL = 'projects/cli/locations/local/channels/feed';

/** An engine with that channel and its store. */
export function startCliEngine(): Promise<TestEngine> {
  const file = join(mkdtempSync(join(tmpdir(), 'plexus-cli-channel-')), 'feed.yaml');
  writeFileSync(file, stringify({
    name: 'feed', region: 'local', source: { http: {} }, stages: [{ parse: 'hl7v2' }], destinations: [{ store: 'projects/cli/locations/local/datasets/d/hl7V2Stores/s' }],
  }));
  return startTestEngine({
    bootstrap: { datasets: [{ project: 'cli', location: 'local', id: 'd', stores: [{ type: 'hl7v2', id: 's', config: {} }] }] },
    channels: [file],
  });
}
