import { transpileChannelScript } from '../../../config/transpile-channel-script.ts';

/** A script's source as the channel loader gives it to transforms: transpiled CommonJS. */
export function scriptCode(source: string, loader: 'ts' | 'js' = 'ts'): string {
  const result = transpileChannelScript(source, '/channels/test-script.ts', loader);
  if ('problems' in result) throw new Error(`the test script does not transpile: ${JSON.stringify(result.problems)}`);
  return result.code;
}
