import test from 'ava';
import { runStages } from '../../../engine/channels/run-stages.ts';
import type { StageConfig } from '../../../engine/channels/stage.ts';
import { buildStages, stageLabel } from '../../../transforms/stages/build-stages.ts';
import { scriptCode } from '../scripts/script-kit.ts';
import { ADT_A01, envelopeOf } from './stage-kit.ts';

const CONFIGS: StageConfig[] = [
  { kind: 'parse', format: 'hl7v2' },
  { kind: 'filter', condition: { kind: 'messageType', types: ['ADT'] } },
  { kind: 'set', fields: [{ field: 'PID-8', value: [{ kind: 'text', text: 'F' }] }] },
  { kind: 'remove', targets: ['PV1'] },
  { kind: 'lookup', field: 'PID-8', into: 'PID-8', table: '/t.csv', entries: new Map([['F', 'female']]), default: { kind: 'keep' } },
  { kind: 'script', file: '/fix.ts', code: scriptCode("export default (m: any) => { m.set('PID-9', m.get('PID-8')); };"), timeoutMs: 1000 },
];

test('every stage kind is built, labelled by its key in the channel file', async (t) => {
  t.deepEqual(CONFIGS.map(stageLabel), ['stages[0].parse', 'stages[1].filter', 'stages[2].set', 'stages[3].remove', 'stages[4].lookup', 'stages[5].script']);
  const envelope = await runStages(buildStages(CONFIGS), envelopeOf(ADT_A01));
  t.is(envelope.status, 'TRANSFORMED');
  t.deepEqual(envelope.outputs.map((output) => output.stage), ['stages[2].set', 'stages[3].remove', 'stages[4].lookup', 'stages[5].script']);
  t.true(envelope.content.toString('latin1').endsWith('DOE^JANE|||female|female'));
});
