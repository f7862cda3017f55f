import test from 'ava';
import type { ChannelConfig, MllpSourceConfig } from '../../config/channel-config.ts';
import { findChannelClashes, type LoadedChannel } from '../../config/find-channel-clashes.ts';

const SOURCE: MllpSourceConfig = {
  kind: 'mllp',
  host: '127.0.0.1',
  port: 2575,
  ack: 'on-commit',
  tls: null,
  allowPeers: [],
  maxConnections: 100,
  idleTimeoutMs: 300000,
  maxFrameBytes: 1024,
};

/** A loaded channel whose `name` key is on line 1 and source port on line 4. */
function loaded(file: string, name: string, region: string, port: number): LoadedChannel {
  const config: ChannelConfig = { file, name, region, project: 'p', storage: 'full', retentionDays: null, concurrency: 1, route: null, alerts: null, source: { ...SOURCE, port }, stages: [], destinations: [] };
  return { config, source: { file, lineOf: (path) => (path[0] === 'name' ? 1 : 4) } };
}

test('channels with their own names and sockets do not clash', (t) => {
  t.deepEqual(findChannelClashes([loaded('/a.yaml', 'adt', 'local', 1), loaded('/b.yaml', 'adt', 'eu', 2), loaded('/c.yaml', 'orm', 'local', 3)]), []);
});

test('each clash is reported once, at the later channel, naming the first file it clashes with', (t) => {
  const issues = findChannelClashes([loaded('/a.yaml', 'adt', 'local', 1), loaded('/b.yaml', 'adt', 'local', 1), loaded('/c.yaml', 'adt', 'local', 2)]);
  t.deepEqual(issues, [
    { key: 'name', file: '/b.yaml', line: 1, env: null, message: 'the channel adt of region local is also defined in /a.yaml' },
    { key: 'source.mllp.port', file: '/b.yaml', line: 4, env: null, message: 'the channel adt in /a.yaml already listens on 127.0.0.1 port 1' },
    { key: 'name', file: '/c.yaml', line: 1, env: null, message: 'the channel adt of region local is also defined in /a.yaml' },
  ]);
});
