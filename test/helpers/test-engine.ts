import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadServerConfig } from '../../config/load-server-config.ts';
import { createLogger } from '../../engine/logger.ts';
import { type Engine, startEngine } from '../../engine/main.ts';
import { testRegionConfig } from './test-region.ts';

export interface TestEngine extends Engine {
  /** fetch against the engine's URL with the admin key (when auth is on). */
  api(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  adminKey: string;
  /** An API key whose principal has no role anywhere. */
  strangerKey: string;
  /** The bound port of the channel named `name` (its MLLP source). */
  channelPort(name: string): number;
}

/**
 * A real engine on a free loopback port, on the test dialect, with API-key auth by
 * default: `adminKey` holds roles/plexus.admin, `strangerKey` nothing.
 */
export async function startTestEngine(overrides: Record<string, unknown> = {}, regionNames = ['local']): Promise<TestEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-engine-'));
  const adminKey = randomBytes(24).toString('base64url');
  const strangerKey = randomBytes(24).toString('base64url');
  const sha = (key: string) => createHash('sha256').update(key).digest('hex');
  const config = {
    http: { host: '127.0.0.1', port: 0 },
    regions: Object.fromEntries(regionNames.map((name) => [name, testRegionConfig()])),
    auth: {
      mode: 'apiKey',
      apiKeys: [
        { principal: 'user:admin@test.example', keySha256: sha(adminKey) },
        { principal: 'user:stranger@test.example', keySha256: sha(strangerKey) },
      ],
    },
    iam: { bindings: [{ role: 'roles/plexus.admin', members: ['user:admin@test.example'], project: '*' }] },
    log: { level: 'silent' },
    ...overrides,
  };
  const file = join(dir, 'plexus.yaml');
  writeFileSync(file, stringify(config));
  const loaded = loadServerConfig(file, {});
  const engine = await startEngine(loaded, { logger: createLogger('silent') });
  return Object.assign(engine, {
    adminKey,
    strangerKey,
    channelPort(name: string) {
      const channel = [...engine.channels.values()].find((c) => c.config.name === name);
      if (!channel) throw new Error(`no channel ${name}`);
      return Number(/:(\d+)$/.exec(channel.source.describe())?.[1]);
    },
    api(path: string, init: RequestInit & { key?: string | null } = {}) {
      const { key = adminKey, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (key !== null) headers.set('authorization', `Bearer ${key}`);
      if (rest.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return fetch(`${engine.url}${path}`, { ...rest, headers });
    },
  });
}
