import test from 'ava';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { loadServerConfig } from '../../config/load-server-config.ts';

const CHANNELS = fileURLToPath(new URL('../../channels/', import.meta.url));
const DEFAULT_CONFIG = fileURLToPath(new URL('../../config/plexus.yaml', import.meta.url));

test('every shipped channel loads against the default config, and lands in a store the default config bootstraps', (t) => {
  const config = loadServerConfig(DEFAULT_CONFIG, {});
  const collection = { hl7v2: 'hl7V2Stores', dicom: 'dicomStores', fhir: 'fhirStores' } as const;
  const bootstrapped = config.bootstrap.datasets.flatMap((d) => d.stores.map((s) => `projects/${d.project}/locations/${d.location}/datasets/${d.id}/${collection[s.type]}/${s.id}`));
  const files = readdirSync(CHANNELS).filter((name) => name.endsWith('.yaml'));
  t.true(files.length >= 4);
  for (const file of files) {
    const channel = loadChannelConfig(CHANNELS + file, { regionNames: Object.keys(config.regions) });
    for (const destination of channel.destinations) {
      if (destination.kind === 'store') t.true(bootstrapped.includes(destination.store), `${file}: ${destination.store}`);
    }
  }
});

test('the default config takes HL7v2 over MLLP on 127.0.0.1:2575 with the first shipped channel', (t) => {
  const config = loadServerConfig(DEFAULT_CONFIG, {});
  t.deepEqual(config.channels, [CHANNELS + 'mllp-to-hl7v2-store.yaml']);
  const channel = loadChannelConfig(config.channels[0], { regionNames: Object.keys(config.regions) });
  t.like(channel.source, { kind: 'mllp', host: '127.0.0.1', port: 2575, ack: 'on-commit' });
});
