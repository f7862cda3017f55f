import test from 'ava';
import { isHl7v2VersionAtLeast } from '../../../transforms/hl7v2/hl7v2-version.ts';

test('versions compare part by part; an unreadable version counts as 2.5', (t) => {
  t.true(isHl7v2VersionAtLeast('2.5', '2.5'));
  t.true(isHl7v2VersionAtLeast('2.5.1', '2.5'));
  t.true(isHl7v2VersionAtLeast('2.10', '2.5'));
  t.false(isHl7v2VersionAtLeast('2.4', '2.5'));
  t.false(isHl7v2VersionAtLeast('2.3', '2.3.1'));
  t.true(isHl7v2VersionAtLeast('2.3.1', '2.3.1'));
  t.true(isHl7v2VersionAtLeast(undefined, '2.5'));
  t.true(isHl7v2VersionAtLeast('v2', '2.5'));
  t.false(isHl7v2VersionAtLeast('', '2.6'));
});
