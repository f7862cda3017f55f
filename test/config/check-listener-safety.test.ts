import test from 'ava';
import { authRequiredReason, serverListeners } from '../../config/check-listener-safety.ts';
import type { HttpConfig, MllpListenerConfig } from '../../config/server-config.ts';

const http = (host: string): HttpConfig => ({ host, port: 0, tls: null, requestTimeoutMs: 1000, maxConnections: 1 });
const mllp = (host: string): MllpListenerConfig => ({
  host,
  port: 0,
  store: 'projects/p/locations/l/datasets/d/hl7V2Stores/s',
  tls: null,
  allowPeers: [],
  maxConnections: 1,
  idleTimeoutMs: 1000,
  maxFrameBytes: 1024,
});

test('no reason to require authentication while every listener is on loopback', (t) => {
  t.is(authRequiredReason([{ key: 'http.host', host: '127.0.0.1' }, { key: 'mllp.host', host: '::1' }]), null);
});

test('the reason names every exposed listener', (t) => {
  t.is(
    authRequiredReason([{ key: 'http.host', host: '0.0.0.0' }]),
    'authentication is required because http.host 0.0.0.0 is not a loopback address; set auth.mode to apiKey or jwt, or bind 127.0.0.1',
  );
  t.is(
    authRequiredReason([{ key: 'http.host', host: '10.1.1.1' }, { key: 'dimse.host', host: 'pacs.example' }]),
    'authentication is required because http.host 10.1.1.1 and dimse.host pacs.example are not loopback addresses; set auth.mode to apiKey or jwt, or bind 127.0.0.1',
  );
});

test('serverListeners lists the HTTP listener and every MLLP listener', (t) => {
  t.deepEqual(serverListeners({ http: http('0.0.0.0'), mllp: [] }), [{ key: 'http.host', host: '0.0.0.0' }]);
  t.deepEqual(serverListeners({ http: http('127.0.0.1'), mllp: [mllp('::1'), mllp('10.0.0.5')] }), [
    { key: 'http.host', host: '127.0.0.1' },
    { key: 'mllp[0].host', host: '::1' },
    { key: 'mllp[1].host', host: '10.0.0.5' },
  ]);
});
