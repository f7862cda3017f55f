import test from 'ava';
import type { StageConfig } from '../../config/channel-config.ts';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { channelIssuesOf, CONTEXT, described, MINIMAL, writeChannel } from './channel-fixture.ts';

const stageOf = (stage: string): StageConfig => loadChannelConfig(writeChannel(`${MINIMAL}stages:\n  - parse: hl7v2\n  - ${stage}\n`), CONTEXT).stages[1];

test('field paths and segment IDs, in a list or alone', (t) => {
  t.deepEqual(stageOf('remove: [PID-19, "PID-3[2]", PID-5.2, NK1, ZPI]'), { kind: 'remove', targets: ['PID-19', 'PID-3[2]', 'PID-5.2', 'NK1', 'ZPI'] });
  t.deepEqual(stageOf('remove: NK1'), { kind: 'remove', targets: ['NK1'] });
});

test('every wrong target is reported at its own index and line', (t) => {
  const issues = channelIssuesOf(`${MINIMAL}stages:
  - parse: hl7v2
  - remove:
      - MSH
      - MSH-2
      - pid-19
      - OBX[2]
      - 19
  - remove: []
  - remove: MSH-1
`);
  t.deepEqual(described(issues), [
    ['stages[1].remove[0]', 10, 'MSH cannot be removed: a message starts with its header'],
    ['stages[1].remove[1]', 11, 'MSH-2 cannot be changed: the delimiters and the character set of a parsed message are fixed'],
    ['stages[1].remove[2]', 12, 'must be a field path such as PID-19, PID-3[2] or PID-5.2, or a segment ID such as NK1 (got "pid-19")'],
    ['stages[1].remove[3]', 13, 'must be a field path such as PID-19, PID-3[2] or PID-5.2, or a segment ID such as NK1 (got "OBX[2]")'],
    ['stages[1].remove[4]', 14, 'must be a field path such as PID-19, PID-3[2] or PID-5.2, or a segment ID such as NK1 (got 19)'],
    ['stages[2].remove', 15, 'must be a field path or segment ID, or a list of them, such as [PID-19, PID-5.2, NK1]'],
    ['stages[3].remove', 16, 'MSH-1 cannot be changed: the delimiters and the character set of a parsed message are fixed'],
  ]);
});
