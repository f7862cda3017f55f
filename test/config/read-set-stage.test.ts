import test from 'ava';
import type { StageConfig } from '../../config/channel-config.ts';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { channelIssuesOf, CONTEXT, described, MINIMAL, writeChannel } from './channel-fixture.ts';

/** A channel whose second stage (line 9, after a parse stage on line 8) is `stage`. */
const withStage = (stage: string): string => `${MINIMAL}stages:\n  - parse: hl7v2\n  - ${stage}\n`;
const stageOf = (stage: string): StageConfig => loadChannelConfig(writeChannel(withStage(stage)), CONTEXT).stages[1];

test('each field path is paired with its value, references read as parts', (t) => {
  t.deepEqual(stageOf('set: {PID-5.1: DOE, MSH-6: "${MSH-4}", OBX-3.2: "code ${OBX-3.1} of ${MSH-4.2}", PID-8: ""}'), {
    kind: 'set',
    fields: [
      { field: 'PID-5.1', value: [{ kind: 'text', text: 'DOE' }] },
      { field: 'MSH-6', value: [{ kind: 'field', field: 'MSH-4' }] },
      {
        field: 'OBX-3.2',
        value: [{ kind: 'text', text: 'code ' }, { kind: 'field', field: 'OBX-3.1' }, { kind: 'text', text: ' of ' }, { kind: 'field', field: 'MSH-4.2' }],
      },
      { field: 'PID-8', value: [] },
    ],
  });
});

test('every wrong field and value is reported at its own key and line', (t) => {
  const issues = channelIssuesOf(`${MINIMAL}stages:
  - parse: hl7v2
  - set:
      PID5: x
      MSH-2: "#"
      MSH-18: UNICODE UTF-8
      PID-8: 1
      PID-9: "\${PID-5"
  - set: {}
  - set: [PID-5]
`);
  t.deepEqual(described(issues), [
    ['stages[1].set.PID5', 10, 'must be a field path SEG-FIELD[REPETITION].COMPONENT.SUBCOMPONENT, such as PID-3.1, PID-3[2].1 or MSH-9.2: a segment ID of 3 upper-case letters or digits starting with a letter, then numbers from 1 (got "PID5")'],
    ['stages[1].set.MSH-2', 11, 'MSH-2 cannot be changed: the delimiters and the character set of a parsed message are fixed'],
    ['stages[1].set.MSH-18', 12, 'MSH-18 cannot be changed: the delimiters and the character set of a parsed message are fixed'],
    ['stages[1].set.PID-8', 13, 'must be a string; quote values such as "123" so YAML keeps them as written (got 1)'],
    ['stages[1].set.PID-9', 14, 'has a ${ without its closing }; write $${ for the text ${'],
    ['stages[2].set', 15, 'must be a mapping of one or more field paths to values, such as {PID-5.1: DOE, MSH-5: "${MSH-3}"}'],
    ['stages[3].set', 16, 'must be a mapping of one or more field paths to values, such as {PID-5.1: DOE, MSH-5: "${MSH-3}"}'],
  ]);
});
