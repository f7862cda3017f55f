import test from 'ava';
import { parseChannelMessageFilter } from '../../../engine/journal/channel-message-filter.ts';

test('fields take typed values: times as epoch milliseconds, statuses from their sets', (t) => {
  t.deepEqual(parseChannelMessageFilter('receiveTime >= "2026-01-01T00:00:00Z"'), { kind: 'compare', field: 'receiveTime', op: '>=', value: Date.parse('2026-01-01T00:00:00Z') });
  t.deepEqual(parseChannelMessageFilter('status = ERROR'), { kind: 'compare', field: 'status', op: '=', value: 'ERROR' });
  t.deepEqual(parseChannelMessageFilter('destinationStatus = QUEUED'), { kind: 'compare', field: 'destinationStatus', op: '=', value: 'QUEUED' });
  t.deepEqual(parseChannelMessageFilter('content:"DOE^JOHN"'), { kind: 'compare', field: 'content', op: ':', value: 'DOE^JOHN' });
  t.deepEqual(parseChannelMessageFilter('messageType:ADT'), { kind: 'compare', field: 'messageType', op: ':', value: 'ADT' });
  t.is(parseChannelMessageFilter(''), null);
});

test('each field takes only its operators; errors name the position', (t) => {
  const cases: [string, string][] = [
    ['status > ERROR', "invalid filter at position 8: '>' does not apply to status; status takes =, !="],
    ['destinationStatus = SENDING', "invalid filter at position 21: destinationStatus is one of SENT, QUEUED, FILTERED, ERROR, found 'SENDING'"],
    ['content != "x"', "invalid filter at position 9: '!=' does not apply to content; content takes :"],
    ['controlId < "5"', "invalid filter at position 11: '<' does not apply to controlId; controlId takes =, !=, :"],
    ['receiveTime : 2026', "invalid filter at position 13: ':' applies to text fields, not to receiveTime"],
  ];
  for (const [filter, message] of cases) t.throws(() => parseChannelMessageFilter(filter), { message }, filter);
});
