import convict from 'convict';
import type { ConfigIssues } from './config-issues.ts';
import { checkSchemaShape } from './check-schema-shape.ts';
import { isLeaf, schemaNodeAt } from './schema-nodes.ts';
import { serverConfigSchema, type ServerConfigProperties } from './server-config-schema.ts';

/**
 * Runs the YAML data and the environment through the convict schema: defaults, environment
 * overrides, scalar formats and strict rejection of undeclared keys. Every problem goes to
 * `issues`; the returned properties are only meaningful where no issue names their key.
 */
export function applyServerSchema(data: Record<string, unknown>, env: NodeJS.ProcessEnv, issues: ConfigIssues): ServerConfigProperties {
  const config = convict(serverConfigSchema, { env, args: [] });
  config.load(checkSchemaShape(data, issues));
  try {
    config.validate({ allowed: 'strict' });
  } catch (error) {
    reportConvictErrors((error as Error).message, issues);
  }
  return config.getProperties();
}

const UNDECLARED = /^configuration param '(.+)' not declared in the schema$/;
const INVALID = /^([\w.]+): (.*?)(?:: value was (.*))?$/;

/** convict reports all its findings as one message, a line each; turn each into an issue. */
function reportConvictErrors(message: string, issues: ConfigIssues): void {
  const undeclared = new Set<string>();
  for (const line of message.split('\n')) {
    const unknownKey = UNDECLARED.exec(line);
    const invalid = INVALID.exec(line);
    if (unknownKey) undeclared.add(firstUndeclared(unknownKey[1].split('.')).join('.'));
    else if (invalid) issues.add(invalid[1].split('.'), invalid[3] === undefined ? invalid[2] : `${invalid[2]} (got ${invalid[3]})`);
    else issues.add([], line);
  }
  for (const key of undeclared) reportUnknownKey(key.split('.'), issues);
}

/** `foo.bar.baz` where only `foo` is unknown reports `foo`, once. */
function firstUndeclared(path: string[]): string[] {
  const end = path.findIndex((_, i) => schemaNodeAt(path.slice(0, i + 1)) === null);
  return path.slice(0, end + 1);
}

function reportUnknownKey(path: string[], issues: ConfigIssues): void {
  const parent = schemaNodeAt(path.slice(0, -1));
  issues.addUnknownKey(path, parent && !isLeaf(parent) ? Object.keys(parent) : []);
}
