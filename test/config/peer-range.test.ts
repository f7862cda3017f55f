import test from 'ava';
import { isPeerRange } from '../../config/peer-range.ts';

test('IPv4 and IPv6 addresses and CIDR ranges are peer ranges', (t) => {
  for (const entry of ['192.168.1.20', '10.0.0.0/8', '0.0.0.0/0', '10.1.2.3/32', '::1', 'fd00::/8', '2001:db8::/128']) t.true(isPeerRange(entry), entry);
});

test('names, bad prefixes and malformed addresses are not', (t) => {
  for (const entry of ['', 'lab.example', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/', '10.0.0.0/8/8', '10.0.0.0/+8', '10.0.0.256', '10.0.0.0/ 8']) {
    t.false(isPeerRange(entry), entry);
  }
});
