import test from 'ava';
import { listenersOverlap } from '../../config/listeners-overlap.ts';

test('the same host and port overlap, written alike or not', (t) => {
  t.true(listenersOverlap({ host: '127.0.0.1', port: 2575 }, { host: '127.0.0.1', port: 2575 }));
  t.true(listenersOverlap({ host: '[::1]', port: 2575 }, { host: '::1', port: 2575 }));
  t.false(listenersOverlap({ host: '127.0.0.1', port: 2575 }, { host: '127.0.0.1', port: 2576 }));
  t.false(listenersOverlap({ host: '127.0.0.1', port: 2575 }, { host: '::1', port: 2575 }));
});

test('port 0 never overlaps: each listener gets its own free port', (t) => {
  t.false(listenersOverlap({ host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: 0 }));
});

test('0.0.0.0 covers every IPv4 address, :: every address', (t) => {
  t.true(listenersOverlap({ host: '0.0.0.0', port: 1 }, { host: '10.1.2.3', port: 1 }));
  t.true(listenersOverlap({ host: '10.1.2.3', port: 1 }, { host: '0.0.0.0', port: 1 }));
  t.false(listenersOverlap({ host: '0.0.0.0', port: 1 }, { host: '::1', port: 1 }));
  t.true(listenersOverlap({ host: '::', port: 1 }, { host: '127.0.0.1', port: 1 }));
  t.true(listenersOverlap({ host: 'fe80::1', port: 1 }, { host: '[::]', port: 1 }));
});
