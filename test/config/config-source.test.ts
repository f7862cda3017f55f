import test from 'ava';
import { ConfigSource } from '../../config/config-source.ts';

const text = `http:
  port: 8080
regions:
  local:
    database: a.db
auth:
  apiKeys:
    - principal: user:a@b.org
      keySha256: abc
`;

test('lineOf finds keys in maps and items in lists', (t) => {
  const source = ConfigSource.parse('/x/plexus.yaml', text);
  t.is(source.lineOf(['http', 'port']), 2);
  t.is(source.lineOf(['regions', 'local', 'database']), 5);
  t.is(source.lineOf(['auth', 'apiKeys', 0]), 8);
  t.is(source.lineOf(['auth', 'apiKeys', 0, 'keySha256']), 9);
});

test('a key missing from the file gives the line of its deepest ancestor there, or null', (t) => {
  const source = ConfigSource.parse('/x/plexus.yaml', text);
  t.is(source.lineOf(['regions', 'local', 'blobs']), 4);
  t.is(source.lineOf(['auth', 'apiKeys', 3, 'principal']), 7);
  t.is(source.lineOf(['log', 'level']), null);
});

test('syntax errors carry their line and the first line of the message', (t) => {
  const source = ConfigSource.parse('/x/plexus.yaml', 'a: 1\nb: [1, 2\n');
  t.true(source.syntaxErrors().length > 0);
  t.is(typeof source.syntaxErrors()[0].line, 'number');
  t.false(source.syntaxErrors()[0].message.includes('\n'));
});
