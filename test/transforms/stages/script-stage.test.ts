import test from 'ava';
import { runStages } from '../../../engine/channels/run-stages.ts';
import { parseStage } from '../../../transforms/stages/parse-stage.ts';
import { scriptStage } from '../../../transforms/stages/script-stage.ts';
import { StageBuildError } from '../../../transforms/stages/stage-build-error.ts';
import { scriptCode } from '../scripts/script-kit.ts';
import { ADT_A01, envelopeOf } from './stage-kit.ts';

const parse = parseStage({ kind: 'parse', format: 'hl7v2' }, { label: 'stages[0].parse' });
/** A generous time limit: a first call on a busy machine is slow; the loop below still ends in a second. */
const script = (source: string) => scriptStage({ kind: 'script', file: '/channels/fix.ts', code: scriptCode(source), timeoutMs: 1000 }, { label: 'stages[1].script' });
const run = (source: string) => runStages([parse, script(source)], envelopeOf(ADT_A01));

test('a script edits the message in place; the content and the stage output follow', async (t) => {
  const envelope = await run(`import type { ScriptMessage } from '../../transforms/scripts/script-message.ts';
export default function (message: ScriptMessage) {
  message.set('PID-5.1', message.get('PID-5.1')!.toLowerCase());
  message.remove('PV1');
}`);
  t.is(envelope.status, 'TRANSFORMED');
  const expected = ADT_A01.replace('DOE^JANE', 'doe^JANE').replace('\rPV1|1|I', '');
  t.is(envelope.content.toString('latin1'), expected);
  t.deepEqual(envelope.outputs.map((output) => output.stage), ['stages[1].script']);
});

test('returning the message keeps the edits; returning text replaces the message', async (t) => {
  t.regex((await run("export default (m: any) => { m.set('PID-8', 'F'); return m; };")).content.toString('latin1'), /\|DOE\^JANE\|\|\|F\r/);
  const replaced = await run("export default (m: any) => m.toString().replace('ADT^A01^ADT_A01', 'ADT^A08^ADT_A01');");
  t.is(replaced.messageType, 'ADT^A08');
  t.is(replaced.content.toString('latin1'), ADT_A01.replace('ADT^A01^ADT_A01', 'ADT^A08^ADT_A01'));
});

test('returning false filters the message, unchanged', async (t) => {
  const envelope = await run("export default (m: any) => { m.set('PID-8', 'F'); return m.get('PV1-2') !== 'I'; };");
  t.is(envelope.status, 'FILTERED');
  t.is(envelope.filteredBy, 'stages[1].script: the script returned false');
  t.true(envelope.content.equals(envelope.raw));
  t.deepEqual(envelope.outputs, []);
});

test('the context names the channel, the message and its sender', async (t) => {
  const envelope = await run("export default (m: any, c: any) => { m.set('ZCT-1', [c.channel, c.messageId.length, c.peer, typeof c.receivedTime].join(' ')); };");
  t.true(envelope.content.toString('latin1').endsWith('ZCT|test-channel 32 127.0.0.1 string'));
});

test('a script that throws, runs too long or returns something else marks the message ERROR, content as it came', async (t) => {
  const cases: Array<[string, string]> = [
    ["export default (m: any) => { m.set('PID-8', 'F'); throw new Error('no PID-8 here'); };", 'the script threw Error: no PID-8 here'],
    ["export default (m: any) => { m.set('PID-8', 'F'); for (;;) {} };", 'the script ran longer than its 1000 ms and was stopped'],
    ['export default () => 42;', 'the script returned a value of type number; it must return the message, nothing, the text of a message, or false'],
    ['export default async () => undefined;', /^the script returned a promise \(scripts run synchronously/.source],
    ["export default () => 'not HL7';", /^the script returned text that is not an HL7v2 message: /.source],
    ["export default () => typeof require === 'undefined' && typeof process === 'undefined' ? undefined : 'escaped';", ''],
  ];
  for (const [source, reason] of cases) {
    const envelope = await run(source);
    if (reason === '') {
      t.is(envelope.status, 'TRANSFORMED', source);
      continue;
    }
    t.is(envelope.status, 'ERROR', source);
    t.like(envelope.error, { kind: 'content', stage: 'stages[1].script', code: 207 }, source);
    t.regex(envelope.error!.text, new RegExp(reason.startsWith('^') ? reason : `^${reason.replace(/[()]/g, '\\$&')}$`), source);
    t.true(envelope.content.equals(envelope.raw), source);
    t.is(envelope.controlId, 'MSG0001', source);
  }
});

test('a module without a default function cannot be built, naming the stage and file', (t) => {
  t.throws(() => script('export const fix = () => 1;'), {
    instanceOf: StageBuildError,
    message: 'stages[1].script (/channels/fix.ts): must export a default function, export default function (message, context) {...}; its default export is undefined',
  });
});
