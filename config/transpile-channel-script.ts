import { buildSync, type Message } from 'esbuild';

/** A problem of a script, at its line (null when esbuild gives none). */
export interface ScriptProblem {
  line: number | null;
  message: string;
}

export type TranspiledScript = { code: string } | { problems: ScriptProblem[] };

const UNRESOLVED = /^Could not resolve "(.*)"$/;

/**
 * A channel script (TypeScript or JavaScript, an ES module) as one CommonJS script that sets
 * `module.exports.default`, for transforms/scripts to evaluate in its sandbox. It is bundled
 * with nothing to resolve against, so an `import`, `require()` or `import()` of any module
 * is a problem here, at load time, rather than a failure of every message later: scripts
 * get no file, network or module access.
 */
export function transpileChannelScript(source: string, file: string, loader: 'ts' | 'js'): TranspiledScript {
  try {
    const result = buildSync({
      stdin: { contents: source, loader, sourcefile: file },
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'neutral',
      target: 'node20',
      logLevel: 'silent',
    });
    return { code: result.outputFiles[0].text };
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (errors === undefined) throw error;
    return { problems: errors.map(describeProblem) };
  }
}

function describeProblem(error: Message): ScriptProblem {
  const unresolved = UNRESOLVED.exec(error.text);
  const message = unresolved
    ? `imports "${unresolved[1]}": a script cannot import modules; it runs without file, network or module access`
    : error.text;
  return { line: error.location?.line ?? null, message };
}
