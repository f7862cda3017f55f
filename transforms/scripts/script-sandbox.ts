import { createContext, Script, type Context } from 'node:vm';
import { ScriptError } from './script-error.ts';

export interface ScriptSandboxOptions {
  /** The script's file, for stack traces. */
  filename: string;
  /** How long the module's top level, and then each call, may run. */
  timeoutMs: number;
}

/**
 * Runs the default export with the arguments the host left on the sandbox's global object.
 * A promise it returns (an async function: refused, scripts run synchronously) is given a
 * handler inside the context, or its rejection would be the process's unhandled rejection.
 */
const CALL = new Script(
  `(function (result) {
    if (result !== null && typeof result === 'object' && typeof result.then === 'function') Promise.resolve(result).catch(function () {});
    return result;
  })(__plexusMain(__plexusArgs[0], __plexusArgs[1]))`,
  { filename: 'plexus:script-call' },
);

/**
 * A channel script (CommonJS, as config/transpile-channel-script.ts makes it) evaluated once
 * in its own node:vm context, its default export called per message with a time limit.
 *
 * What this protects against: the mistakes of a script written by the channel's
 * administrator. The context has only the ECMAScript built-ins (and V8's `console`, which
 * writes nowhere): no `require`, `process`, `Buffer`, `fetch` or timers. `import()` fails
 * (no module loader is given) and static imports were refused when the channel loaded;
 * `eval` and `new Function` are off. A loop that never ends is stopped after `timeoutMs`
 * (the module's top level, and each call with its promise callbacks) and marks that message
 * ERROR. The time limit has a price: node:vm starts a watchdog thread per call, about
 * 0.2 ms, which bounds a script stage to a few thousand messages a second.
 *
 * What it does not protect against: hostile code. node:vm is not a security boundary: the
 * message object a script is given is made of host functions, whose constructors reach the
 * host's `Function` and with it `process`. Memory is not limited (a script can exhaust the
 * heap); while a script runs it blocks every channel of the process; a promise a script
 * rejects and leaves unhandled (not returned) is the process's unhandled rejection.
 * Scripts are code the administrator deploys, to be reviewed like the channel files beside them.
 */
export class ScriptSandbox {
  readonly #globals: Record<string, unknown>;
  readonly #context: Context;
  readonly #timeoutMs: number;

  constructor(code: string, options: ScriptSandboxOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#globals = Object.create(null) as Record<string, unknown>;
    this.#context = createContext(this.#globals, {
      name: options.filename,
      codeGeneration: { strings: false, wasm: false },
      microtaskMode: 'afterEvaluate',
    });
    const main = this.#run(new Script(wrapModule(code), { filename: options.filename }));
    if (typeof main !== 'function') {
      throw new ScriptError(`must export a default function, export default function (message, context) {...}; its default export is ${typeof main}`, 'export');
    }
    Object.defineProperty(this.#globals, '__plexusMain', { value: main });
  }

  /** Calls the default export; throws a ScriptError when it throws or runs too long. */
  call(...args: [message: unknown, context: unknown]): unknown {
    this.#globals.__plexusArgs = args;
    try {
      return this.#run(CALL);
    } finally {
      this.#globals.__plexusArgs = undefined;
    }
  }

  #run(script: Script): unknown {
    try {
      return script.runInContext(this.#context, { timeout: this.#timeoutMs, displayErrors: false });
    } catch (error) {
      if ((error as NodeJS.ErrnoException)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        throw new ScriptError(`the script ran longer than its ${this.#timeoutMs} ms and was stopped`, 'timeout');
      }
      throw new ScriptError(`the script threw ${describeThrown(error)}`, 'threw');
    }
  }
}

/**
 * The module's code inside a function, as Node wraps CommonJS modules: strict, as the ES
 * module it was written as, with `module` its own. The script's value is the default export.
 */
function wrapModule(code: string): string {
  return `(function () { const module = { exports: {} }; (function (module, exports) { 'use strict';\n${code}\n})(module, module.exports); return module.exports.default; })()`;
}

/** What a script threw, in a few words; it may come from the sandbox's realm, where `instanceof Error` fails. */
function describeThrown(error: unknown): string {
  if (typeof error !== 'object' || error === null) return JSON.stringify(error) ?? String(error);
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (typeof message !== 'string') return Object.prototype.toString.call(error);
  return typeof name === 'string' && name !== '' ? `${name}: ${message}` : message;
}
