import { parseArgs } from 'node:util';
import { datasetGetScenario } from './scenarios/dataset-get.ts';
import { hl7v2ParseScenario } from './scenarios/hl7v2-parse.ts';
import { hl7v2ListScenario } from './scenarios/hl7v2-list.ts';
import { hl7v2StoreScenario } from './scenarios/hl7v2-store.ts';

/**
 * `npm run bench [-- --scenario NAME] [--duration S] [--concurrency C]`: each scenario
 * prints throughput, p50/p99 latency and peak RSS next to a ceiling measured in the same run.
 */
const scenarios: Record<string, (o: { durationSec: number; concurrency: number }) => Promise<void>> = {
  'dataset-get': datasetGetScenario,
  'hl7v2-parse': hl7v2ParseScenario,
  'hl7v2-store': hl7v2StoreScenario,
  'hl7v2-list': hl7v2ListScenario,
};

const { values } = parseArgs({
  options: {
    scenario: { type: 'string' },
    duration: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '10' },
  },
});
const names = values.scenario ? [values.scenario] : Object.keys(scenarios);
for (const name of names) {
  const scenario = scenarios[name];
  if (!scenario) {
    console.error(`unknown scenario ${name}; scenarios: ${Object.keys(scenarios).join(', ')}`);
    process.exit(2);
  }
  await scenario({ durationSec: Number(values.duration), concurrency: Number(values.concurrency) });
}
