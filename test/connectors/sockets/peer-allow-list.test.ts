import test from 'ava';
import { PeerAllowList } from '../../../connectors/sockets/peer-allow-list.ts';

test('addresses and CIDR ranges, IPv4 and IPv6', (t) => {
  const list = new PeerAllowList(['10.1.2.3', '192.168.0.0/16', '::1', 'fd00::/8']);
  t.true(list.allows('10.1.2.3'));
  t.false(list.allows('10.1.2.4'));
  t.true(list.allows('192.168.44.5'));
  t.false(list.allows('192.169.0.1'));
  t.true(list.allows('::1'));
  t.true(list.allows('fd12:3456::1'));
  t.false(list.allows('fe80::1'));
});

test('an IPv4 peer seen on a dual-stack socket matches IPv4 entries', (t) => {
  const list = new PeerAllowList(['127.0.0.0/8']);
  t.true(list.allows('::ffff:127.0.0.1'));
  t.false(list.allows('::ffff:10.0.0.1'));
});

test('an empty list and a non-address allow nobody', (t) => {
  t.false(new PeerAllowList([]).allows('127.0.0.1'));
  t.false(new PeerAllowList(['127.0.0.1']).allows('localhost'));
});

test('bad entries are refused with their text', (t) => {
  t.throws(() => new PeerAllowList(['hospital.example']), { message: /"hospital\.example" is not an IP address/ });
  t.throws(() => new PeerAllowList(['10.0.0.0/33']), { message: /"10\.0\.0\.0\/33" has a prefix length outside 0\.\.32/ });
  t.throws(() => new PeerAllowList(['10.0.0.0/8/1']), { message: /is not an IP address or CIDR range/ });
  t.throws(() => new PeerAllowList(['fd00::/abc']), { message: /outside 0\.\.128/ });
});
