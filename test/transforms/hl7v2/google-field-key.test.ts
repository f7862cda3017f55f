import test from 'ava';
import { googleFieldKey } from '../../../transforms/hl7v2/google-field-key.ts';

test('keys follow Google\'s form, with or without repetition, component and subcomponent', (t) => {
  t.is(googleFieldKey(5, -1, 0, 0), '5');
  t.is(googleFieldKey(5, -1, 1, 0), '5.1');
  t.is(googleFieldKey(1, -1, 1, 2), '1.1.2');
  t.is(googleFieldKey(3, 0, 1, 0), '3[0].1');
  t.is(googleFieldKey(3, 1, 0, 0), '3[1]');
  t.is(googleFieldKey(3, 62, 4, 2), '3[62].4.2');
  t.is(googleFieldKey(3, 500, 70, 90), '3[500].70.90');
  t.is(googleFieldKey(5000, -1, 1, 0), '5000.1');
});
