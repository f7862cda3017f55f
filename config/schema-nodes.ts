import type { KeyPath } from './config-issues.ts';
import { LIMITS, serverConfigSchema, type CollectionShape } from './server-config-schema.ts';

/** A node of the schema definition: a section of further nodes, or a leaf (it has a `default`). */
export type SchemaNode = SectionNode | LeafNode;
export interface SectionNode {
  [key: string]: SchemaNode;
}
export interface LeafNode {
  default: unknown;
  env?: string;
  shape?: CollectionShape;
}

export const rootNode = serverConfigSchema as unknown as SectionNode;

export function isLeaf(node: SchemaNode): node is LeafNode {
  return Object.hasOwn(node, 'default');
}

/** The schema node at `path`, or null when no such key is declared. */
export function schemaNodeAt(path: KeyPath): SchemaNode | null {
  let node: SchemaNode = rootNode;
  for (const segment of path) {
    if (isLeaf(node) || typeof segment !== 'string' || !Object.hasOwn(node, segment)) return null;
    node = node[segment];
  }
  return node;
}

/** Every leaf's environment variable, by dotted key (`http.port` -> `PLEXUS_HTTP_PORT`). */
function schemaEnvVars(node: SchemaNode = rootNode, prefix = ''): Map<string, string> {
  if (isLeaf(node)) return new Map(node.env ? [[prefix, node.env]] : []);
  const vars = new Map<string, string>();
  for (const [key, child] of Object.entries(node)) {
    for (const entry of schemaEnvVars(child, prefix === '' ? key : `${prefix}.${key}`)) vars.set(...entry);
  }
  return vars;
}

/** The keys set by environment variables present in `env`, with the variable that set each. */
export function envOrigins(env: NodeJS.ProcessEnv): Map<string, string> {
  const limits = Object.entries(LIMITS).map(([key, limit]): [string, string] => [`limits.${key}`, limit.env]);
  return new Map([...schemaEnvVars(), ...limits].filter(([, name]) => env[name] !== undefined));
}
