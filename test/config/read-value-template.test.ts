import test from 'ava';
import { ConfigIssues } from '../../config/config-issues.ts';
import { readValueTemplate } from '../../config/read-value-template.ts';

function read(value: unknown) {
  const issues = new ConfigIssues(null);
  const template = readValueTemplate(value, ['stages', 1, 'set', 'PID-5'], issues);
  return { template, issues: issues.size };
}

test('text and references alternate; adjacent text is one part', (t) => {
  t.deepEqual(read('plain').template, [{ kind: 'text', text: 'plain' }]);
  t.deepEqual(read('${PID-3[2].1}${PID-5}').template, [{ kind: 'field', field: 'PID-3[2].1' }, { kind: 'field', field: 'PID-5' }]);
  t.deepEqual(read('').template, []);
});

test('$${ is the text ${, and a $ elsewhere is itself', (t) => {
  t.deepEqual(read('US$5 and $${PID-5} and $$').template, [{ kind: 'text', text: 'US$5 and ${PID-5} and $$' }]);
  t.deepEqual(read('a$${b}${MSH-4}').template, [{ kind: 'text', text: 'a${b}' }, { kind: 'field', field: 'MSH-4' }]);
});

test('an unclosed reference, a reference that is no field path and a value that is no string are problems', (t) => {
  t.deepEqual(read('${PID-5'), { template: null, issues: 1 });
  t.deepEqual(read('x ${} y'), { template: null, issues: 1 });
  t.deepEqual(read('${OBX[2]-5}'), { template: null, issues: 1 });
  t.deepEqual(read(1.1), { template: null, issues: 1 });
  t.deepEqual(read(null), { template: null, issues: 1 });
});
