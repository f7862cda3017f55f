import test from 'ava';
import { ScriptError } from '../../../transforms/scripts/script-error.ts';
import { ScriptSandbox } from '../../../transforms/scripts/script-sandbox.ts';
import { scriptCode } from './script-kit.ts';

const sandbox = (source: string, timeoutMs = 1000) => new ScriptSandbox(scriptCode(source), { filename: '/channels/test-script.ts', timeoutMs });

test('the default export is called with the arguments, its value returned; module state lasts', (t) => {
  const script = sandbox('let calls = 0;\nexport default (a: number, b: { n: number }) => a + b.n + ++calls;');
  t.is(script.call(1, { n: 10 }), 12);
  t.is(script.call(1, { n: 10 }), 13);
});

test('a script has the ECMAScript built-ins and nothing of Node', (t) => {
  const script = sandbox(`export default () => [
    typeof require, typeof process, typeof fetch, typeof Buffer, typeof setTimeout, typeof globalThis.module,
    typeof JSON, typeof Math, typeof Date, typeof RegExp,
  ].join(',');`);
  t.is(script.call(null, null), 'undefined,undefined,undefined,undefined,undefined,undefined,object,object,function,function');
  t.is(sandbox('export default () => { console.log("to nowhere"); return 1; };').call(null, null), 1);
});

test('eval, new Function and import() fail inside', (t) => {
  t.throws(() => sandbox('export default () => eval("1 + 1");').call(null, null), { instanceOf: ScriptError, message: /^the script threw EvalError: Code generation from strings disallowed/ });
  t.throws(() => sandbox('export default () => new Function("return 1")();').call(null, null), { instanceOf: ScriptError, message: /EvalError/ });
  // A returned promise is refused by the script stage; here its rejection must stay inside (no unhandled rejection).
  const loaded = sandbox('const name = "node:fs";\nexport default () => import(name);').call(null, null) as Promise<unknown>;
  t.is(typeof loaded.then, 'function');
});

test('a call that runs too long is stopped and the sandbox stays usable', (t) => {
  const script = sandbox('export default (loop: boolean) => { while (loop) {} return "done"; };', 100);
  const started = Date.now();
  t.throws(() => script.call(true, null), { instanceOf: ScriptError, message: 'the script ran longer than its 100 ms and was stopped' });
  t.true(Date.now() - started < 2000);
  t.is(script.call(false, null), 'done');
});

test('what a script throws becomes a ScriptError that says what it was', (t) => {
  t.throws(() => sandbox('export default (m: any) => m.nope();').call({}, null), { instanceOf: ScriptError, message: 'the script threw TypeError: m.nope is not a function' });
  t.throws(() => sandbox('export default () => { throw new Error("bad code"); };').call(null, null), { instanceOf: ScriptError, message: 'the script threw Error: bad code' });
  t.throws(() => sandbox('export default () => { throw "plain"; };').call(null, null), { instanceOf: ScriptError, message: 'the script threw "plain"' });
});

test('a module without a default function, or whose top level throws or never ends, cannot be opened', (t) => {
  t.throws(() => sandbox('export const x = 1;'), { instanceOf: ScriptError, message: /^must export a default function.*its default export is undefined$/ });
  t.throws(() => sandbox('export default 5;'), { instanceOf: ScriptError, message: /its default export is number$/ });
  t.throws(() => sandbox('throw new RangeError("at load");\nexport default () => 1;'), { instanceOf: ScriptError, message: 'the script threw RangeError: at load' });
  t.throws(() => sandbox('for (;;) {}\nexport default () => 1;', 20), { instanceOf: ScriptError, message: /ran longer than its 20 ms/ });
});
