import test from 'ava';
import { isLoopbackAddress, nonLoopbackListeners } from '../../config/loopback-address.ts';

test('loopback addresses', (t) => {
  for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
    t.true(isLoopbackAddress(host), host);
  }
});

test('every other address or name is not loopback', (t) => {
  for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.5', 'example.org', 'localhost.example.org', '::ffff:10.0.0.1', '128.0.0.1']) {
    t.false(isLoopbackAddress(host), host);
  }
});

test('nonLoopbackListeners keeps the exposed listeners, with their keys', (t) => {
  const listeners = [
    { key: 'http.host', host: '127.0.0.1' },
    { key: 'mllp.host', host: '0.0.0.0' },
  ];
  t.deepEqual(nonLoopbackListeners(listeners), [{ key: 'mllp.host', host: '0.0.0.0' }]);
});
