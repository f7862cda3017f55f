import test from 'ava';
import { maskSecrets } from '../../config/mask-secrets.ts';

test('API key hashes and secret-like values are masked, paths are not', (t) => {
  const config = {
    auth: { apiKeys: [{ principal: 'user:a@b.org', keySha256: 'a'.repeat(64) }], jwt: null },
    http: { tls: { cert: '/etc/tls/cert.pem', key: '/etc/tls/key.pem' } },
    other: { clientSecret: 's3cret', password: 'pw', token: 'tok', count: 3 },
  };
  const masked = maskSecrets(config);
  t.is(masked.auth.apiKeys[0].keySha256, '********');
  t.is(masked.auth.apiKeys[0].principal, 'user:a@b.org');
  t.deepEqual(masked.http.tls, config.http.tls);
  t.deepEqual(masked.other, { clientSecret: '********', password: '********', token: '********', count: 3 });
  t.is(config.auth.apiKeys[0].keySha256, 'a'.repeat(64), 'the input is left as it was');
});

test('passwords in URLs are masked, the rest of the URL kept', (t) => {
  const masked = maskSecrets({
    regions: {
      eu: { database: 'postgres://plexus:hunter2@db.example:5432/eu?schema=x', blobs: '/b' },
      us: { database: 'postgres://plexus@db.example/us', blobs: '/c' },
    },
  });
  t.is(masked.regions.eu.database, 'postgres://plexus:********@db.example:5432/eu?schema=x');
  t.is(masked.regions.us.database, 'postgres://plexus@db.example/us');
});
