import test from 'ava';
import { join } from 'node:path';
import { ConfigError } from '../../config/config-error.ts';
import { loadChannelConfigs } from '../../config/load-channel-configs.ts';
import { CONTEXT, STORE, tempFolder, writeChannel } from './channel-fixture.ts';

/** A valid channel file's text: `name` in `region`, its MLLP source on `socket` (line 4). */
function channel(name: string, socket: string, region = 'local'): string {
  const store = STORE.replace('/local/', `/${region}/`);
  return `name: ${name}\nregion: ${region}\nsource:\n  mllp: {${socket}}\ndestinations:\n  - store: ${store}\n`;
}

test('globs and paths expand to every channel, each loaded once', (t) => {
  const folder = tempFolder();
  writeChannel(channel('b', 'port: 2576'), folder, 'b.yaml');
  writeChannel(channel('a', 'port: 2575'), folder, 'a.yaml');
  writeChannel('not a channel', folder, 'notes.txt');
  const configs = loadChannelConfigs([join(folder, 'b.yaml'), join(folder, '*.yaml')], CONTEXT);
  t.deepEqual(
    configs.map((c) => [c.name, c.file]),
    [
      ['b', join(folder, 'b.yaml')],
      ['a', join(folder, 'a.yaml')],
    ],
  );
  t.deepEqual(loadChannelConfigs([], CONTEXT), []);
});

test('one ConfigError holds every problem of every file, the missing ones included', (t) => {
  const folder = tempFolder();
  const first = writeChannel(channel('a', 'port: 2575').replace('region: local', 'region: mars'), folder, '1.yaml');
  const second = writeChannel(channel('b b', 'port: 99999'), folder, '2.yaml');
  const missing = join(folder, 'missing.yaml');
  const noFolder = join(folder, 'none', '*.yaml');
  const error = t.throws(() => loadChannelConfigs([join(folder, '*.yaml'), missing, noFolder], CONTEXT), { instanceOf: ConfigError });
  t.deepEqual(
    error?.issues.map((i) => [i.file, i.line, i.key]),
    [
      [noFolder, null, ''],
      [first, 2, 'region'],
      [second, 1, 'name'],
      [second, 4, 'source.mllp.port'],
      [missing, null, ''],
    ],
  );
  t.is(error?.issues.at(-1)?.message, 'cannot read the channel file: no such file');
});

test('two channels of a region may not share a name; in different regions they may', (t) => {
  const folder = tempFolder();
  const first = writeChannel(channel('adt', 'port: 2575'), folder, 'a.yaml');
  const second = writeChannel(channel('adt', 'port: 2576'), folder, 'b.yaml');
  writeChannel(channel('adt', 'port: 2577', 'europe-west4'), folder, 'c.yaml');
  const error = t.throws(() => loadChannelConfigs([join(folder, '*.yaml')], CONTEXT), { instanceOf: ConfigError });
  t.deepEqual(error?.issues, [{ key: 'name', file: second, line: 1, env: null, message: `the channel adt of region local is also defined in ${first}` }]);
});

test('two MLLP sources may not take the same socket; port 0 never clashes', (t) => {
  const folder = tempFolder();
  const first = writeChannel(channel('a', 'host: 0.0.0.0, port: 2575, allowPeers: [10.0.0.1]'), folder, 'a.yaml');
  const second = writeChannel(channel('b', 'host: 127.0.0.1, port: 2575'), folder, 'b.yaml');
  writeChannel(channel('c', 'port: 0'), folder, 'c.yaml');
  writeChannel(channel('d', 'port: 0'), folder, 'd.yaml');
  const error = t.throws(() => loadChannelConfigs([join(folder, '*.yaml')], CONTEXT), { instanceOf: ConfigError });
  t.deepEqual(error?.issues, [
    { key: 'source.mllp.port', file: second, line: 4, env: null, message: `the channel a in ${first} already listens on 0.0.0.0 port 2575` },
  ]);
});
