import test from 'ava';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandChannelFiles } from '../../config/expand-channel-files.ts';
import { tempFolder } from './channel-fixture.ts';

/** A temp folder holding `names` as empty files. */
function folderWith(...names: string[]): string {
  const folder = tempFolder();
  for (const name of names) writeFileSync(join(folder, name), '');
  return folder;
}

test('a glob matches file names in its folder, sorted; folders and dot files are left out', (t) => {
  const folder = folderWith('b.yaml', 'a.yaml', 'c.yml', '.hidden.yaml', 'a.yaml.bak');
  mkdirSync(join(folder, 'd.yaml'));
  symlinkSync(join(folder, 'a.yaml'), join(folder, 'e.yaml'));
  t.deepEqual(expandChannelFiles([join(folder, '*.yaml')]), { files: ['a.yaml', 'b.yaml', 'e.yaml'].map((n) => join(folder, n)), issues: [] });
  t.deepEqual(expandChannelFiles([join(folder, '?.y*')]).files, ['a.yaml', 'a.yaml.bak', 'b.yaml', 'c.yml', 'e.yaml'].map((n) => join(folder, n)));
  t.deepEqual(expandChannelFiles([join(folder, '.*.yaml')]).files, [join(folder, '.hidden.yaml')]);
  t.deepEqual(expandChannelFiles([join(folder, 'a.yaml*')]).files, [join(folder, 'a.yaml'), join(folder, 'a.yaml.bak')]);
});

test('regular-expression characters in a glob are literal', (t) => {
  const folder = folderWith('a+b (1).yaml', 'aab (1).yaml');
  t.deepEqual(expandChannelFiles([join(folder, 'a+b (?).yaml')]).files, [join(folder, 'a+b (1).yaml')]);
});

test('literal paths stay as given, missing or not; each file comes once, in the order given', (t) => {
  const folder = folderWith('a.yaml', 'b.yaml');
  const missing = join(folder, 'missing.yaml');
  t.deepEqual(expandChannelFiles([join(folder, 'b.yaml'), missing, join(folder, '*.yaml')]), {
    files: [join(folder, 'b.yaml'), missing, join(folder, 'a.yaml')],
    issues: [],
  });
  t.deepEqual(expandChannelFiles([join(folder, 'none-*.yaml')]), { files: [], issues: [] });
});

test('a glob in a missing folder, or with wildcards in a folder, is an issue naming the glob', (t) => {
  const missing = join(tempFolder(), 'nowhere', '*.yaml');
  const inFolder = join(tempFolder(), '*', 'a.yaml');
  t.deepEqual(expandChannelFiles([missing, inFolder]).issues, [
    { key: '', message: 'cannot read the folder of the channel glob: no such folder', file: missing, line: null, env: null },
    { key: '', message: 'only the file name of a channel glob may hold * or ?; write the folders out', file: inFolder, line: null, env: null },
  ]);
});
