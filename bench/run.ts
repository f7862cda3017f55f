import { parseArgs } from 'node:util';
import { channelMllpScenario } from './scenarios/channel-mllp.ts';
import { datasetGetScenario } from './scenarios/dataset-get.ts';
import { dicomScenario } from './scenarios/dicom.ts';
import { fhirScenario } from './scenarios/fhir.ts';
import { hl7v2ParseScenario } from './scenarios/hl7v2-parse.ts';
import { hl7v2ListScenario } from './scenarios/hl7v2-list.ts';
import { hl7v2StoreScenario } from './scenarios/hl7v2-store.ts';

interface ScenarioOptions {
  durationSec: number;
  /** HTTP scenarios' connections. */
  concurrency: number;
  /** MLLP scenarios' connection counts, one measurement each; undefined: the scenario's own (1 and 10). */
  connections: number[] | undefined;
  /** Interleaved rounds, for the scenarios that alternate their subjects (dataset-get). */
  rounds: number;
}

/**
 * `npm run bench [-- --scenario NAME] [--duration S] [--concurrency C] [--connections 1,10] [--rounds 3]`:
 * each scenario prints throughput, p50/p99 latency and peak RSS next to a ceiling measured
 * in the same run.
 */
const scenarios: Record<string, (o: ScenarioOptions) => Promise<void>> = {
  'dataset-get': datasetGetScenario,
  'hl7v2-parse': hl7v2ParseScenario,
  'hl7v2-store': hl7v2StoreScenario,
  'hl7v2-list': hl7v2ListScenario,
  'channel-mllp': channelMllpScenario,
  fhir: fhirScenario,
  dicom: dicomScenario,
};

const { values } = parseArgs({
  options: {
    scenario: { type: 'string' },
    duration: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '10' },
    connections: { type: 'string' },
    rounds: { type: 'string', default: '3' },
  },
});
const names = values.scenario ? [values.scenario] : Object.keys(scenarios);
for (const name of names) {
  const scenario = scenarios[name];
  if (!scenario) {
    console.error(`unknown scenario ${name}; scenarios: ${Object.keys(scenarios).join(', ')}`);
    process.exit(2);
  }
  await scenario({
    durationSec: Number(values.duration),
    concurrency: Number(values.concurrency),
    connections: values.connections?.split(',').map(Number),
    rounds: Number(values.rounds),
  });
}
