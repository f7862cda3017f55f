import test from 'ava';
import { transpileChannelScript } from '../../config/transpile-channel-script.ts';

test('TypeScript becomes a CommonJS script that sets module.exports.default; type imports vanish', (t) => {
  const result = transpileChannelScript(
    "import type { ScriptMessage } from './types.ts';\nexport default function (message: ScriptMessage): void { message.set('PID-8', 'F'); }\n",
    '/channels/fix.ts',
    'ts',
  );
  if (!('code' in result)) return t.fail(JSON.stringify(result));
  t.regex(result.code, /module\.exports = /);
  t.notRegex(result.code, /ScriptMessage|import|require\(/);
});

test('imports of any kind are refused at their line', (t) => {
  const result = transpileChannelScript("const x = 1;\nimport fs from 'node:fs';\nexport default () => require('./helper.js');\n", '/channels/fix.js', 'js');
  t.deepEqual(result, {
    problems: [
      { line: 2, message: 'imports "node:fs": a script cannot import modules; it runs without file, network or module access' },
      { line: 3, message: 'imports "./helper.js": a script cannot import modules; it runs without file, network or module access' },
    ],
  });
});

test('a syntax error is a problem at its line', (t) => {
  t.deepEqual(transpileChannelScript('export default function (m) {\n  return m +;\n}\n', '/channels/fix.js', 'js'), {
    problems: [{ line: 2, message: 'Unexpected ";"' }],
  });
});
